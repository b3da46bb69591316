import DataFlowColumnar

/// `hash` and `xxhash64`: Spark's row hashes, bit for bit (seed 42, chained over the arguments: each
/// argument's hash seeds the next). See `SparkColumnHash` for the per-type rules.
enum HashFunctions {
    static let seed = 42

    static let all: [ScalarFunction] = [
        ScalarFunction("hash", category: "hash", signature: "hash(expr1[, expr2, ...])",
                       doc: "Spark's 32-bit Murmur3 hash of the arguments (seed 42, each argument's hash seeding the next), as an INT. NULL arguments are skipped, so the result is never NULL; `hash(NULL)` is 42.",
                       example: "hash('abc') → 1322437556", arity: 1...256,
                       coerce: { $0 }, returnType: { _ in .int32 }) { a, n in
            var h = [UInt32](repeating: UInt32(seed), count: n)
            for c in a { SparkColumnHash.fold(c, into: &h, Murmur3Hasher.self) }
            return Column(type: .int32, count: n, values: Buffer.of(h.map { Int32(bitPattern: $0) }))
        },
        ScalarFunction("xxhash64", category: "hash", signature: "xxhash64(expr1[, expr2, ...])",
                       doc: "Spark's 64-bit xxHash (XXH64) of the arguments (seed 42, each argument's hash seeding the next), as a BIGINT. NULL arguments are skipped, so the result is never NULL.",
                       example: "xxhash64('abc') → 1423657621850124518", arity: 1...256,
                       coerce: { $0 }, returnType: { _ in .int64 }) { a, n in
            var h = [UInt64](repeating: UInt64(seed), count: n)
            for c in a { SparkColumnHash.fold(c, into: &h, XXH64Hasher.self) }
            return Column(type: .int64, count: n, values: Buffer.of(h.map { Int64(bitPattern: $0) }))
        },
    ]
}
