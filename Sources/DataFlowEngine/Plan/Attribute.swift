import DataFlowColumnar

/// A column of a plan's output: name, type, nullability and the table names that qualify it.
public struct Attribute: Sendable, Hashable {
    public var name: String
    public var type: DataType
    public var nullable: Bool
    public var qualifiers: [String]

    public init(name: String, type: DataType, nullable: Bool, qualifiers: [String] = []) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.qualifiers = qualifiers
    }

    public var field: Field { Field(name, type, nullable: nullable) }
    public var displayName: String { (qualifiers.first { !$0.hasPrefix("#") }.map { "\($0)." } ?? "") + name }
}

extension Schema {
    public init(_ attributes: [Attribute]) { self.init(attributes.map(\.field)) }
}
