import CZlib
import DataFlowColumnar
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File discovery and whole-file reading (with transparent gunzip) shared by the text formats.
enum FileInput {
    /// Expands each path: a file as is, a directory to its data files (sorted; names starting with `_` or
    /// `.` skipped), a glob to its sorted matches. Missing paths raise `PATH_NOT_FOUND`.
    static func expand(_ paths: [String], extensions: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            if path.contains("*") || path.contains("?") || path.contains("[") {
                let matches = glob(path)
                if matches.isEmpty && !fm.fileExists(atPath: path) {
                    throw DataFlowError("PATH_NOT_FOUND", "Path does not exist: \(path)")
                }
                for m in matches.sorted() {
                    var isDir: ObjCBool = false
                    if fm.fileExists(atPath: m, isDirectory: &isDir), isDir.boolValue {
                        out += try listDirectory(m, extensions: extensions)
                    } else {
                        out.append(m)
                    }
                }
                if !matches.isEmpty { continue }
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw DataFlowError("PATH_NOT_FOUND", "Path does not exist: \(path)")
            }
            if isDir.boolValue {
                out += try listDirectory(path, extensions: extensions)
            } else {
                out.append(path)
            }
        }
        return out
    }

    static func listDirectory(_ dir: String, extensions: [String]) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir)
        } catch {
            throw DataFlowError.io("Cannot list directory \(dir): \(error.localizedDescription)")
        }
        let base = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        return names.filter { n in
            !n.hasPrefix("_") && !n.hasPrefix(".") && extensions.contains { n.lowercased().hasSuffix($0) }
        }.sorted().map { base + "/" + $0 }
    }

    static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out
    }

    /// The first `count` bytes of a file (all of a gzip file, gunzipped), and whether that is all of it.
    static func readPrefix(_ path: String, count: Int) throws -> (bytes: [UInt8], whole: Bool) {
        guard let f = fopen(path, "rb") else { return (try read(path), true) }  // read's error says why
        var bytes = [UInt8](unsafeUninitializedCapacity: count + 1) { buf, n in
            n = fread(buf.baseAddress, 1, count + 1, f)
        }
        fclose(f)
        if path.lowercased().hasSuffix(".gz") || (bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
            return (try read(path), true)
        }
        let whole = bytes.count <= count
        if !whole { bytes.removeLast() }
        return (bytes, whole)
    }

    /// Opens a regular file for reading and calls `body` with it and its size. A missing file raises
    /// `PATH_NOT_FOUND`; a directory or an unreadable file an I/O error.
    static func withOpenFile<T>(_ path: String, _ body: (UnsafeMutablePointer<FILE>, Int) throws -> T) throws -> T {
        guard let f = fopen(path, "rb") else {
            if errno == ENOENT { throw DataFlowError("PATH_NOT_FOUND", "Path does not exist: \(path)") }
            throw DataFlowError.io("Cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var st = stat()
        guard fstat(fileno(f), &st) == 0 else { throw DataFlowError.io("Cannot stat \(path)") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw DataFlowError.io("\(path) is a directory") }
        return try body(f, Int(st.st_size))
    }

    /// The bytes of a file, gunzipped when its name ends in `.gz` or it starts with the gzip magic.
    static func read(_ path: String) throws -> [UInt8] {
        let bytes: [UInt8] = try withOpenFile(path) { f, size in
            guard size > 0 else { return [] }
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, count in
                count = fread(buf.baseAddress, 1, size, f)
            }
            if bytes.count != size { throw DataFlowError.io("Short read on \(path): \(bytes.count) of \(size) bytes") }
            return bytes
        }
        if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
            return try Gzip.decompress(bytes, path: path)
        }
        if path.lowercased().hasSuffix(".gz") && !bytes.isEmpty {
            throw DataFlowError("CORRUPT_FILE", "\(path) is named .gz but is not gzip data")
        }
        return bytes
    }
}

extension FileInput {
    /// Reads chunks `0..<count` in order with `read`, leaving out empty batches (the text sources' `readAll`).
    static func readAllChunks(_ count: Int, _ read: (Int) throws -> RecordBatch) rethrows -> [RecordBatch] {
        var out: [RecordBatch] = []
        for i in 0..<count {
            let b = try read(i)
            if b.rowCount > 0 { out.append(b) }
        }
        return out
    }

    /// Checks a chunk index and a projection (`columns`, indices into `schema`; nil = all) of a `format`
    /// text source; returns the projection and the schema it reads.
    static func chunkProjection(_ format: String, index: Int, chunks: Int, columns: [Int]?,
                                schema: Schema) throws -> (proj: [Int], schema: Schema) {
        guard index >= 0 && index < chunks else {
            throw DataFlowError.invalid("\(format) chunk \(index) does not exist (the source has \(chunks) chunks).")
        }
        let proj = columns ?? Array(0..<schema.count)
        for c in proj where c < 0 || c >= schema.count {
            throw DataFlowError.invalid("Column index \(c) is out of range for a \(format) schema of \(schema.count) columns.")
        }
        return (proj, Schema(proj.map { schema[$0] }))
    }
}

/// gzip (and zlib) via the system zlib.
public enum Gzip {
    /// Inflates gzip or zlib data (auto-detected; concatenated gzip members are all read).
    public static func decompress(_ input: [UInt8], path: String = "<memory>") throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(max(input.count * 4, 1024))
        var strm = z_stream()
        let initRC = inflateInit2_(&strm, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard initRC == Z_OK else { throw DataFlowError.io("zlib init failed (\(initRC)) for \(path)") }
        defer { inflateEnd(&strm) }
        let chunk = 1 << 18
        var scratch = [UInt8](repeating: 0, count: chunk)
        try input.withUnsafeBufferPointer { inBuf in
            guard let base = inBuf.baseAddress else { return }
            strm.next_in = UnsafeMutablePointer(mutating: base)
            strm.avail_in = UInt32(inBuf.count)
            while true {
                let rc: Int32 = scratch.withUnsafeMutableBufferPointer { sb in
                    strm.next_out = sb.baseAddress
                    strm.avail_out = UInt32(chunk)
                    return inflate(&strm, Z_NO_FLUSH)
                }
                let produced = chunk - Int(strm.avail_out)
                if produced > 0 { out.append(contentsOf: scratch[0..<produced]) }
                if rc == Z_STREAM_END {
                    // Another gzip member may follow (e.g. `cat a.gz b.gz`).
                    if strm.avail_in > 0, let next = strm.next_in, next.pointee == 0x1f {
                        guard inflateReset(&strm) == Z_OK else { throw DataFlowError.io("zlib reset failed for \(path)") }
                        continue
                    }
                    return
                }
                if rc == Z_BUF_ERROR && strm.avail_in == 0 {
                    throw DataFlowError("CORRUPT_FILE", "Truncated gzip data in \(path)")
                }
                guard rc == Z_OK else {
                    let msg = strm.msg.map { String(cString: $0) } ?? "error \(rc)"
                    throw DataFlowError("CORRUPT_FILE", "Invalid gzip data in \(path): \(msg)")
                }
            }
        }
        return out
    }

    /// Compresses to the gzip format (level 6).
    public static func compress(_ input: [UInt8]) throws -> [UInt8] {
        var strm = z_stream()
        let rc0 = deflateInit2_(&strm, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                Int32(MemoryLayout<z_stream>.size))
        guard rc0 == Z_OK else { throw DataFlowError.io("zlib deflate init failed (\(rc0))") }
        defer { deflateEnd(&strm) }
        let bound = Int(deflateBound(&strm, UInt(input.count)))
        var out = [UInt8](repeating: 0, count: bound + 64)
        var input = input
        let rc: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { ob in
                strm.next_in = inBuf.baseAddress
                strm.avail_in = UInt32(inBuf.count)
                strm.next_out = ob.baseAddress
                strm.avail_out = UInt32(ob.count)
                return deflate(&strm, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { throw DataFlowError.io("zlib deflate failed (\(rc))") }
        out.removeLast(out.count - Int(strm.total_out))
        return out
    }
}
