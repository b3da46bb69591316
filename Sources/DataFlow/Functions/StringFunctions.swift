import DataFlowColumnar
import DataFlowEngine

// String functions (Spark's `functions`, string group).

public func upper(_ c: Column) -> Column { fn("upper", [c]) }
public func lower(_ c: Column) -> Column { fn("lower", [c]) }
public func length(_ c: Column) -> Column { fn("length", [c]) }
public func substring(_ c: Column, _ pos: Int, _ len: Int) -> Column { fn("substring", [c, lit(pos), lit(len)]) }
public func concat(_ cols: Column...) -> Column { fn("concat", cols) }
public func trim(_ c: Column) -> Column { fn("trim", [c]) }
public func ltrim(_ c: Column) -> Column { fn("ltrim", [c]) }
public func rtrim(_ c: Column) -> Column { fn("rtrim", [c]) }
public func substring_index(_ c: Column, _ delim: String, _ count: Int) -> Column { fn("substring_index", [c, lit(delim), lit(count)]) }

// MARK: - Searching, padding, trimming with characters

/// Joins the strings (and string arrays) with `sep`, skipping NULLs: `concat_ws("-", col("a"), col("b"))`.
public func concat_ws(_ sep: String, _ cols: Column...) -> Column { fn("concat_ws", [lit(sep)] + cols) }
/// True if `right` occurs in `left`.
public func contains(_ left: Column, _ right: some ColumnConvertible) -> Column { fn("contains", [left, right.column]) }
/// True if `left` starts with `right`.
public func startswith(_ left: Column, _ right: some ColumnConvertible) -> Column { fn("startswith", [left, right.column]) }
/// True if `left` ends with `right`.
public func endswith(_ left: Column, _ right: some ColumnConvertible) -> Column { fn("endswith", [left, right.column]) }
/// The 1-based character position of `substring` in `str`, 0 if absent: `instr(col("s"), "SQL")`.
public func instr(_ str: Column, _ substring: String) -> Column { fn("instr", [str, lit(substring)]) }
/// The 1-based position of `substr` in `str` at or after character `pos`, 0 if absent.
public func locate(_ substr: String, _ str: Column, _ pos: Int = 1) -> Column { fn("locate", [lit(substr), str, lit(pos)]) }
/// `str` left-padded with `pad` to `len` characters (or cut to `len`): `lpad(col("id"), 5, "0")`.
public func lpad(_ str: Column, _ len: Int, _ pad: String = " ") -> Column { fn("lpad", [str, lit(len), lit(pad)]) }
/// `str` right-padded with `pad` to `len` characters (or cut to `len`).
public func rpad(_ str: Column, _ len: Int, _ pad: String = " ") -> Column { fn("rpad", [str, lit(len), lit(pad)]) }
/// Removes the characters of `trimString` from both ends: `trim(col("s"), "xy")`.
public func trim(_ c: Column, _ trimString: String) -> Column { fn("trim", [lit(trimString), c]) }
/// Removes the characters of `trimString` from the start.
public func ltrim(_ c: Column, _ trimString: String) -> Column { fn("ltrim", [lit(trimString), c]) }
/// Removes the characters of `trimString` from the end.
public func rtrim(_ c: Column, _ trimString: String) -> Column { fn("rtrim", [lit(trimString), c]) }
/// Removes spaces (or the characters of `trim`) from both ends.
public func btrim(_ c: Column, _ trim: String = " ") -> Column { fn("btrim", [c, lit(trim)]) }

// MARK: - Rewriting

/// Replaces every occurrence of `search` with `replacement`: `replace(col("s"), "a", "b")`.
public func replace(_ src: Column, _ search: String, _ replacement: String = "") -> Column {
    fn("replace", [src, lit(search), lit(replacement)])
}
/// Maps each character of `matching` to the one at the same position of `replace` (removed if none).
public func translate(_ src: Column, _ matching: String, _ replace: String) -> Column {
    fn("translate", [src, lit(matching), lit(replace)])
}
/// A string's characters, or an array's elements, in reverse order.
public func reverse(_ c: Column) -> Column { fn("reverse", [c]) }
/// `str` repeated `n` times: `` `repeat`(col("s"), 3) `` (backquoted: `repeat` is a Swift keyword).
public func `repeat`(_ str: Column, _ n: Int) -> Column { fn("repeat", [str, lit(n)]) }
/// Lowercase with each space-separated word's first letter in title case.
public func initcap(_ c: Column) -> Column { fn("initcap", [c]) }
/// The code point of the first character (0 for the empty string).
public func ascii(_ c: Column) -> Column { fn("ascii", [c]) }
/// The character with code point `n` modulo 256.
public func chr(_ c: Column) -> Column { fn("chr", [c]) }

// MARK: - Splitting and regular expressions

/// Splits around matches of the regular expression `pattern` into an array; `limit` > 0 caps the parts.
public func split(_ str: Column, _ pattern: String, _ limit: Int = -1) -> Column { fn("split", [str, lit(pattern), lit(limit)]) }
/// Part `partNum` (1-based; negative from the end) of `str` split at the literal `delimiter`.
public func split_part(_ str: Column, _ delimiter: String, _ partNum: Int) -> Column {
    fn("split_part", [str, lit(delimiter), lit(partNum)])
}
/// Group `groupIdx` of the first match of `exp` (empty string when none).
public func regexp_extract(_ c: Column, _ exp: String, _ groupIdx: Int) -> Column { fn("regexp_extract", [c, lit(exp), lit(groupIdx)]) }
/// Group `groupIdx` of every match of `exp`, as an array.
public func regexp_extract_all(_ c: Column, _ exp: String, _ groupIdx: Int = 1) -> Column {
    fn("regexp_extract_all", [c, lit(exp), lit(groupIdx)])
}
/// Every match of `pattern` replaced by `replacement` (`$1` refers to group 1).
public func regexp_replace(_ c: Column, _ pattern: String, _ replacement: String) -> Column {
    fn("regexp_replace", [c, lit(pattern), lit(replacement)])
}

// MARK: - Formatting, distances, digests

/// printf-style formatting (Java's Formatter): `format_string("%s: %05d", col("name"), col("n"))`.
public func format_string(_ format: String, _ args: Column...) -> Column { fn("format_string", [lit(format)] + args) }
/// `x` rounded half-even to `d` places with thousands separators: `1,234.57`.
public func format_number(_ x: Column, _ d: Int) -> Column { fn("format_number", [x, lit(d)]) }
/// `x` formatted with a DecimalFormat pattern of `#`, `0`, `,` and `.`: `format_number(col("x"), "#,##0.0")`.
public func format_number(_ x: Column, _ pattern: String) -> Column { fn("format_number", [x, lit(pattern)]) }
/// The Levenshtein distance between two strings (-1 when above `threshold`, if given).
public func levenshtein(_ l: Column, _ r: Column, _ threshold: Int? = nil) -> Column {
    fn("levenshtein", [l, r] + (threshold.map { [lit($0)] } ?? []))
}
/// The Soundex code of a string.
public func soundex(_ c: Column) -> Column { fn("soundex", [c]) }
/// The base64 text of a string's UTF-8 bytes.
public func base64(_ c: Column) -> Column { fn("base64", [c]) }
/// The bytes base64 text encodes, as a string (DataFlow has no binary type).
public func unbase64(_ c: Column) -> Column { fn("unbase64", [c]) }
/// The MD5 digest as 32 hex digits.
public func md5(_ c: Column) -> Column { fn("md5", [c]) }
/// The SHA-1 digest as 40 hex digits.
public func sha1(_ c: Column) -> Column { fn("sha1", [c]) }
/// The SHA-2 digest (224, 256, 384 or 512 bits; 0 means 256) as hex digits.
public func sha2(_ c: Column, _ numBits: Int) -> Column { fn("sha2", [c, lit(numBits)]) }
/// The CRC-32 checksum as a bigint.
public func crc32(_ c: Column) -> Column { fn("crc32", [c]) }
