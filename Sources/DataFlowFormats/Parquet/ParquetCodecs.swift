import CSnappy
import CZlib
import CZstd
import DataFlowColumnar

/// Page compression and decompression for the codecs Parquet files here use.
enum ParquetCodecs {
    static func compress(_ input: UnsafeRawBufferPointer, _ codec: ParquetCompression, level: Int32 = 1) throws -> [UInt8] {
        let n = input.count
        switch codec {
        case .uncompressed:
            return [UInt8](input)
        case .snappy:
            let cap = snappy_max_compressed_length(n)
            var one: CChar = 0
            return try [UInt8](unsafeUninitializedCapacity: cap) { buf, count in
                var outLen = cap
                let src = input.baseAddress?.assumingMemoryBound(to: CChar.self)
                let status = buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: cap) {
                    snappy_compress(src ?? withUnsafePointer(to: &one) { $0 }, n, $0, &outLen)
                }
                guard status == SNAPPY_OK else { count = 0; throw DataFlowError.io("snappy compression failed") }
                count = outLen
            }
        case .zstd:
            let cap = ZSTD_compressBound(n)
            return try [UInt8](unsafeUninitializedCapacity: cap) { buf, count in
                let r = ZSTD_compress(buf.baseAddress, cap, input.baseAddress, n, level)
                guard ZSTD_isError(r) == 0 else { count = 0; throw DataFlowError.io("zstd compression failed") }
                count = r
            }
        case .gzip:
            var strm = z_stream()
            // windowBits 15 + 16: a gzip wrapper, as Parquet's GZIP codec expects.
            guard deflateInit2_(&strm, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                                Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw DataFlowError.io("gzip initialisation failed")
            }
            defer { deflateEnd(&strm) }
            let cap = Int(deflateBound(&strm, UInt(n))) + 32
            return try [UInt8](unsafeUninitializedCapacity: cap) { buf, count in
                strm.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
                strm.avail_in = UInt32(n)
                strm.next_out = buf.baseAddress
                strm.avail_out = UInt32(cap)
                guard deflate(&strm, Z_FINISH) == Z_STREAM_END else { count = 0; throw DataFlowError.io("gzip compression failed") }
                count = Int(strm.total_out)
            }
        default:
            throw DataFlowError("PARQUET_UNSUPPORTED", "compression codec \(codec) is not supported for writing")
        }
    }

    /// Decompresses into exactly `size` bytes; a codec error or a different size is corruption.
    static func decompress(_ input: UnsafeRawBufferPointer, _ codec: ParquetCompression, size: Int) throws -> [UInt8] {
        let n = input.count
        func bad(_ why: String) -> DataFlowError { DataFlowError("PARQUET_CORRUPT_PAGE", "\(codec) page: \(why)") }
        switch codec {
        case .uncompressed:
            guard n == size else { throw bad("size \(n) differs from the header's \(size)") }
            return [UInt8](input)
        case .snappy:
            guard let src = input.baseAddress?.assumingMemoryBound(to: CChar.self) else {
                guard size == 0 else { throw bad("empty input") }
                return []
            }
            var ulen = 0
            guard snappy_uncompressed_length(src, n, &ulen) == SNAPPY_OK, ulen == size else {
                throw bad("uncompressed length does not match the page header")
            }
            return try [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buf, count in
                var outLen = size
                let status = buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: size) {
                    snappy_uncompress(src, n, $0, &outLen)
                }
                guard status == SNAPPY_OK, outLen == size else { count = 0; throw bad("invalid snappy data") }
                count = size
            }
        case .zstd:
            return try [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buf, count in
                let r = ZSTD_decompress(buf.baseAddress, size, input.baseAddress, n)
                guard ZSTD_isError(r) == 0, r == size else { count = 0; throw bad("invalid zstd data") }
                count = size
            }
        case .gzip:
            var strm = z_stream()
            guard inflateInit2_(&strm, 47, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw DataFlowError.io("gzip initialisation failed")
            }
            defer { inflateEnd(&strm) }
            return try [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buf, count in
                strm.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
                strm.avail_in = UInt32(n)
                strm.next_out = buf.baseAddress
                strm.avail_out = UInt32(size)
                var r = inflate(&strm, Z_FINISH)
                // Some writers concatenate gzip members.
                while r == Z_STREAM_END && strm.avail_in > 0 && strm.total_out < size {
                    let produced = strm.total_out
                    guard inflateReset(&strm) == Z_OK else { break }
                    strm.avail_out = UInt32(size - Int(produced))
                    strm.next_out = buf.baseAddress! + Int(produced)
                    r = inflate(&strm, Z_FINISH)
                    strm.total_out += produced
                }
                guard r == Z_STREAM_END, Int(strm.total_out) == size else { count = 0; throw bad("invalid gzip data") }
                count = size
            }
        default:
            throw DataFlowError("PARQUET_UNSUPPORTED", "compression codec \(codec) is not supported (use snappy, gzip, zstd or none)")
        }
    }
}
