import DataFlowColumnar
import DataFlowEngine

// Collection functions (Spark's `functions`, array and generator groups). Declared in the engine's
// FunctionRegistry (ArrayFunctions, ArraySetFunctions, ArrayBuildFunctions, Generators).

/// An array of the given columns, widened to one element type: `array(col("a"), col("b"))`.
public func array(_ cols: Column...) -> Column { fn("array", cols) }
/// An array of the named columns.
public func array(_ names: String...) -> Column { fn("array", names.map(col)) }
/// The number of elements (NULL for a NULL array).
public func size(_ c: Column) -> Column { fn("size", [c]) }
/// Alias of `size`.
public func cardinality(_ c: Column) -> Column { fn("size", [c]) }
/// True if the array contains `value`; NULL when not found but the array holds a NULL.
public func array_contains(_ c: Column, _ value: some ColumnConvertible) -> Column { fn("array_contains", [c, value.column]) }
/// 1-based position of the first element equal to `value` (0 when absent).
public func array_position(_ c: Column, _ value: some ColumnConvertible) -> Column { fn("array_position", [c, value.column]) }
/// The element at a 1-based index (negative from the end); out of range raises INVALID_ARRAY_INDEX_IN_ELEMENT_AT.
public func element_at(_ c: Column, _ index: some ColumnConvertible) -> Column { fn("element_at", [c, index.column]) }
/// `element_at`, but NULL for an index beyond the array.
public func try_element_at(_ c: Column, _ index: some ColumnConvertible) -> Column { fn("try_element_at", [c, index.column]) }
/// The elements joined by `delimiter`; NULL elements skipped, or replaced by `nullReplacement`.
public func array_join(_ c: Column, _ delimiter: String, _ nullReplacement: String? = nil) -> Column {
    fn("array_join", [c, lit(delimiter)] + (nullReplacement.map { [lit($0)] } ?? []))
}
/// Sorted elements: ascending with NULLs first, or descending with NULLs last.
public func sort_array(_ c: Column, asc: Bool = true) -> Column { fn("sort_array", [c, lit(asc)]) }
/// Sorted ascending, NULLs last.
public func array_sort(_ c: Column) -> Column { fn("array_sort", [c]) }
/// The elements without duplicates, in order of first appearance.
public func array_distinct(_ c: Column) -> Column { fn("array_distinct", [c]) }
/// The smallest non-null element.
public func array_min(_ c: Column) -> Column { fn("array_min", [c]) }
/// The largest non-null element.
public func array_max(_ c: Column) -> Column { fn("array_max", [c]) }
/// The array without the elements equal to `value`.
public func array_remove(_ c: Column, _ value: some ColumnConvertible) -> Column { fn("array_remove", [c, value.column]) }
/// Distinct elements of both arrays.
public func array_union(_ a: Column, _ b: Column) -> Column { fn("array_union", [a, b]) }
/// Distinct elements of `a` that are in `b`.
public func array_intersect(_ a: Column, _ b: Column) -> Column { fn("array_intersect", [a, b]) }
/// Distinct elements of `a` that are not in `b`.
public func array_except(_ a: Column, _ b: Column) -> Column { fn("array_except", [a, b]) }
/// True if the arrays share a non-null element (NULL when undecided because of NULL elements).
public func arrays_overlap(_ a: Column, _ b: Column) -> Column { fn("arrays_overlap", [a, b]) }
/// `length` elements from the 1-based `start` (negative counts from the end).
public func slice(_ c: Column, _ start: some ColumnConvertible, _ length: some ColumnConvertible) -> Column {
    fn("slice", [c, start.column, length.column])
}
/// The elements of an array of arrays, in one array.
public func flatten(_ c: Column) -> Column { fn("flatten", [c]) }
/// Integers from `start` to `stop` inclusive, by `step` (default ±1).
public func sequence(_ start: Column, _ stop: Column, _ step: Column? = nil) -> Column {
    fn("sequence", [start, stop] + (step.map { [$0] } ?? []))
}
/// `count` copies of `element`.
public func array_repeat(_ element: Column, _ count: some ColumnConvertible) -> Column { fn("array_repeat", [element, count.column]) }

/// One row per element of the array (column `col`); NULL or empty arrays produce no row. Use it as a
/// select item: `df.select(col("id"), explode(col("tags")).alias("tag"))`.
public func explode(_ c: Column) -> Column { fn("explode", [c]) }
/// `explode`, but a NULL or empty array gives one row with a NULL element.
public func explode_outer(_ c: Column) -> Column { fn("explode_outer", [c]) }
/// One row per element with its 0-based position: columns `pos` and `col`.
public func posexplode(_ c: Column) -> Column { fn("posexplode", [c]) }
/// `posexplode`, but a NULL or empty array gives one row of NULLs.
public func posexplode_outer(_ c: Column) -> Column { fn("posexplode_outer", [c]) }

/// A map from alternating key and value columns (Spark's `create_map` / SQL `map(k1, v1, ...)`).
public func create_map(_ cols: Column...) -> Column { fn("map", cols) }
/// A map pairing the elements of a keys array and a values array of one length.
public func map_from_arrays(_ keys: Column, _ values: Column) -> Column { fn("map_from_arrays", [keys, values]) }
/// The keys of a map, as an array.
public func map_keys(_ c: Column) -> Column { fn("map_keys", [c]) }
/// The values of a map, as an array.
public func map_values(_ c: Column) -> Column { fn("map_values", [c]) }
/// True if the map has the key.
public func map_contains_key(_ c: Column, _ key: some ColumnConvertible) -> Column { fn("map_contains_key", [c, key.column]) }
/// Parses `key:value,key:value` text into a map of strings.
public func str_to_map(_ c: Column, pairDelim: String = ",", keyValueDelim: String = ":") -> Column {
    fn("str_to_map", [c, lit(pairDelim), lit(keyValueDelim)])
}

extension Column {
    /// Spark's `getItem`: `arr[i]` for an array (0-based; an index outside it raises INVALID_ARRAY_INDEX) or
    /// `map[key]` for a map (NULL when the key is missing). Scripts write `tags[0]`.
    public func getItem(_ key: some ColumnConvertible) -> Column { Column(.function("__subscript", [expr, key.column.expr])) }
}
