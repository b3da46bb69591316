import DataFlowColumnar
import DataFlowEngine

// Hash functions (Spark's `functions`, hash group).

/// Spark's 32-bit Murmur3 hash of the columns (seed 42, chained): `hash(col("a"), col("b"))`.
/// Equal to Spark's `hash` bit for bit; NULLs are skipped, so the result is never NULL.
public func hash(_ cols: Column...) -> Column { fn("hash", cols) }
/// Spark's 64-bit xxHash (XXH64, seed 42, chained) of the columns, as a bigint.
public func xxhash64(_ cols: Column...) -> Column { fn("xxhash64", cols) }
