import DataFlowColumnar

/// `hash` and `xxhash64`: Spark's row hashes, bit for bit (seed 42, chained over the arguments: each
/// argument's hash seeds the next). See `SparkColumnHash` for the per-type rules.
enum HashFunctions {
    static let seed = 42

    /// Any argument types but maps (also inside arrays), which Spark refuses to hash (HASH_MAP_TYPE).
    static let hashable: @Sendable ([DataType]) -> [DataType]? = { types in
        func hasMap(_ t: DataType) -> Bool {
            switch t {
            case .map: return true
            case .array(let e): return hasMap(e)
            default: return false
            }
        }
        return types.contains(where: hasMap) ? nil : types
    }

    static let all: [ScalarFunction] = [
        ScalarFunction("hash", category: "hash", signature: "hash(expr1[, expr2, ...])",
                       doc: "Spark's 32-bit Murmur3 hash of the arguments (seed 42, each argument's hash seeding the next), as an INT. NULL arguments are skipped, so the result is never NULL; `hash(NULL)` is 42.",
                       example: "hash('abc') → 1322437556", arity: 1...256,
                       coerce: hashable, returnType: { _ in .int32 }) { a, n in
            chained(a, n, Murmur3Hasher.self, as: .int32)
        },
        ScalarFunction("xxhash64", category: "hash", signature: "xxhash64(expr1[, expr2, ...])",
                       doc: "Spark's 64-bit xxHash (XXH64) of the arguments (seed 42, each argument's hash seeding the next), as a BIGINT. NULL arguments are skipped, so the result is never NULL.",
                       example: "xxhash64('abc') → 1423657621850124518", arity: 1...256,
                       coerce: hashable, returnType: { _ in .int64 }) { a, n in
            chained(a, n, XXH64Hasher.self, as: .int64)
        },
    ]

    /// Hashes each row over all the arguments, starting from `seed`, each argument's hash seeding the next.
    /// `type` is the signed integer type of the hasher's width: the unsigned hashes are stored bit for bit.
    static func chained<Hasher: SparkHasher>(_ a: [Column], _ n: Int, _: Hasher.Type, as type: DataType) -> Column {
        var h = [Hasher.H](repeating: Hasher.H(seed), count: n)
        for c in a { SparkColumnHash.fold(c, into: &h, Hasher.self) }
        return Column(type: type, count: n, values: Buffer.of(h))
    }
}
