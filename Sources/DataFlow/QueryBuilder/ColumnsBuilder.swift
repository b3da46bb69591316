/// Builds a list of columns: the body of `Select { ... }`, `GroupBy(...) { ... }` and `Window(over:) { ... }`.
/// A line is a `Column`, a column name, or an array of columns; `if` and `for` work as in any builder.
@resultBuilder
public enum ColumnsBuilder {
    public static func buildExpression(_ column: Column) -> [Column] { [column] }
    public static func buildExpression(_ name: String) -> [Column] { [col(name)] }
    public static func buildExpression(_ columns: [Column]) -> [Column] { columns }
    public static func buildBlock(_ parts: [Column]...) -> [Column] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Column]?) -> [Column] { part ?? [] }
    public static func buildEither(first: [Column]) -> [Column] { first }
    public static func buildEither(second: [Column]) -> [Column] { second }
    public static func buildArray(_ parts: [[Column]]) -> [Column] { parts.flatMap { $0 } }
    public static func buildLimitedAvailability(_ part: [Column]) -> [Column] { part }
}
