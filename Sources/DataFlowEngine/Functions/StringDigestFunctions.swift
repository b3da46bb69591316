import CZlib
import DataFlowColumnar

// Digests and encodings of a string's UTF-8 bytes: md5, sha1 (alias sha), sha2, crc32, base64, unbase64.
// DataFlow has no binary type: these take strings (their UTF-8 bytes), and unbase64 returns the decoded
// bytes as a string.
enum StringDigestFunctions {
    /// Spark takes binary here; a string is read as its UTF-8 bytes, but numbers are not converted.
    static let text: @Sendable ([DataType]) -> [DataType]? = { args in
        guard args[0] == .string || args[0] == .null else { return nil }
        return [.string] + args.dropFirst().map { _ in DataType.int32 }
    }

    static let all: [ScalarFunction] = [
        ScalarFunction("md5", category: "string", signature: "md5(str)",
                       doc: "The MD5 digest of `str`'s UTF-8 bytes as 32 hex digits. NULL for NULL.",
                       example: "md5('Spark') → 8cde774d6f7333752ed72cacddb05126", arity: 1...1,
                       coerce: text, returnType: { _ in .string }) { a, n in
            hex(a[0], n) { _ in .md5 }
        },
        ScalarFunction("sha1", category: "string", signature: "sha1(str)",
                       doc: "The SHA-1 digest of `str`'s UTF-8 bytes as 40 hex digits. NULL for NULL. Alias: `sha`.",
                       example: "sha1('Spark') → 85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c", arity: 1...1,
                       coerce: text, returnType: { _ in .string }) { a, n in
            hex(a[0], n) { _ in .sha1 }
        },
        ScalarFunction("sha2", category: "string", signature: "sha2(str, bitLength)",
                       doc: "The SHA-2 digest of `str`'s UTF-8 bytes as hex digits: `bitLength` 224, 256 (or 0), 384 or 512; NULL for any other length, and for NULL arguments.",
                       example: "sha2('Spark', 256) → 529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b", arity: 2...2,
                       coerce: { args in
                           guard canImplicitlyCast(args[1], to: .int32) else { return nil }
                           return text(args)
                       }, returnType: { _ in .string }) { a, n in
            let bits = IntArg(a[1])
            return hex(a[0], n) { i in
                guard bits.isValid(i) else { return nil }
                switch bits[i] {
                case 0, 256: return .sha256
                case 224: return .sha224
                case 384: return .sha384
                case 512: return .sha512
                default: return nil
                }
            }
        },
        ScalarFunction("crc32", category: "string", signature: "crc32(str)",
                       doc: "The CRC-32 checksum of `str`'s UTF-8 bytes, as a bigint. NULL for NULL.",
                       example: "crc32('Spark') → 1557323817", arity: 1...1,
                       coerce: text, returnType: { _ in .int64 }) { a, n in
            crc32(a[0], n)
        },
        ScalarFunction("base64", category: "string", signature: "base64(str)",
                       doc: "`str`'s UTF-8 bytes in base64 (RFC 4648 alphabet, padded). NULL for NULL.",
                       example: "base64('Spark SQL') → U3BhcmsgU1FM", arity: 1...1,
                       coerce: text, returnType: { _ in .string }) { a, n in
            base64(a[0], n)
        },
        ScalarFunction("unbase64", category: "string", signature: "unbase64(str)",
                       doc: "The bytes that base64 text `str` encodes, returned as a string (DataFlow has no binary type). Characters outside the base64 alphabet are skipped, as Java's MIME decoder does; a malformed ending is an error. NULL for NULL.",
                       example: "unbase64('U3BhcmsgU1FM') → Spark SQL", arity: 1...1,
                       coerce: Coerce.exact([.string]), returnType: { _ in .string }) { a, n in
            try unbase64(a[0], n)
        },
    ]

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Hex digests; `kind(i)` picks the digest for row `i` (nil: NULL).
    static func hex(_ str: Column, _ n: Int, _ kind: (Int) -> Digest.Kind?) -> Column {
        let s = StringArg(str)
        var b = ColumnBuilder(type: .string, capacity: n)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64 + 128) { scratch in
            let digest = scratch.baseAddress!, text = digest + 64
            for i in 0..<n {
                guard s.isValid(i), let k = kind(i) else { b.appendNull(); continue }
                Digest.hash(k, s.bytes(i), into: digest)
                let m = k.byteCount
                for j in 0..<m {
                    text[2 * j] = hexDigits[Int(digest[j] >> 4)]
                    text[2 * j + 1] = hexDigits[Int(digest[j] & 15)]
                }
                b.appendUTF8(UnsafeRawBufferPointer(start: text, count: 2 * m))
            }
        }
        return b.finish()
    }

    static func crc32(_ str: Column, _ n: Int) -> Column {
        let s = StringArg(str)
        var b = ColumnBuilder(type: .int64, capacity: n)
        for i in 0..<n {
            guard s.isValid(i) else { b.appendNull(); continue }
            let bytes = s.bytes(i)
            var crc = CZlib.crc32(0, nil, 0)
            if let base = bytes.baseAddress {
                crc = CZlib.crc32(crc, base.assumingMemoryBound(to: UInt8.self), UInt32(bytes.count))
            }
            b.append(Int64(crc))
        }
        return b.finish()
    }

    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64(_ str: Column, _ n: Int) -> Column {
        StringArg.mapBytes(str, n) { x, row in
            var k = 0
            while k + 3 <= x.count {
                let v = UInt32(x[k]) << 16 | UInt32(x[k + 1]) << 8 | UInt32(x[k + 2])
                row.append(alphabet[Int(v >> 18)]); row.append(alphabet[Int(v >> 12 & 63)])
                row.append(alphabet[Int(v >> 6 & 63)]); row.append(alphabet[Int(v & 63)])
                k += 3
            }
            let rest = x.count - k
            if rest > 0 {
                let v = UInt32(x[k]) << 16 | (rest == 2 ? UInt32(x[k + 1]) << 8 : 0)
                row.append(alphabet[Int(v >> 18)]); row.append(alphabet[Int(v >> 12 & 63)])
                row.append(rest == 2 ? alphabet[Int(v >> 6 & 63)] : 61)
                row.append(61)
            }
        }
    }

    /// Each byte's value in the base64 alphabet; -2 for '=', -1 for anything else.
    static let decodeTable: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (v, c) in alphabet.enumerated() { t[Int(c)] = Int8(v) }
        t[61] = -2
        return t
    }()

    static func unbase64(_ str: Column, _ n: Int) throws -> Column {
        try StringArg.mapBytes(str, n) { x, row in
            func failure(_ why: String) -> DataFlowError {
                DataFlowError("INVALID_PARAMETER_VALUE", "unbase64: '\(String(decoding: x, as: UTF8.self))' is not valid base64: \(why).")
            }
            // Java's MIME decoder: 6 bits per alphabet character, other characters skipped, '=' ends the data.
            var bits: UInt32 = 0, shift = 18, k = 0
            while k < x.count {
                let v = decodeTable[Int(x[k])]
                k += 1
                if v == -2 {
                    if shift == 6 && (k == x.count || x[k] != 61) || shift == 18 { throw failure("wrong 4-byte ending unit") }
                    if shift == 6 { k += 1 }
                    break
                }
                if v < 0 { continue }
                bits |= UInt32(v) << UInt32(shift)
                shift -= 6
                if shift < 0 {
                    row.append(UInt8(bits >> 16 & 255)); row.append(UInt8(bits >> 8 & 255)); row.append(UInt8(bits & 255))
                    shift = 18
                    bits = 0
                }
            }
            switch shift {
            case 6: row.append(UInt8(bits >> 16 & 255))
            case 0: row.append(UInt8(bits >> 16 & 255)); row.append(UInt8(bits >> 8 & 255))
            case 12: throw failure("the last unit does not have enough valid bits")
            default: break
            }
            // After the padding only characters outside the alphabet may follow.
            while k < x.count {
                if decodeTable[Int(x[k])] >= 0 { throw failure("unexpected characters after the padding") }
                k += 1
            }
        }
    }
}
