import DataFlowColumnar

/// The source of a `session.query { ... }`: a table or view in the session's catalog, or a DataFrame.
///
/// ```swift
/// try session.query { From("ratings"); Limit(5) }        // session.table("ratings").limit(5)
/// try session.query { From(ratings); Limit(5) }          // ratings.limit(5)
/// ```
public struct From: QuerySource {
    enum Origin: Sendable {
        case table(String)
        case frame(DataFrame)
    }
    let origin: Origin

    /// A table or temporary view by name, as `session.table(name)`.
    public init(_ table: String) { origin = .table(table) }
    /// A DataFrame of the same session.
    public init(_ frame: DataFrame) { origin = .frame(frame) }

    public func frame(in session: Session) throws -> DataFrame {
        switch origin {
        case .table(let name): return try session.table(name)
        case .frame(let frame): return try sameSession(frame, session, "From")
        }
    }
}

/// `frame`, if it belongs to `session` (plans of two sessions cannot be combined: their caches and
/// catalogs differ).
func sameSession(_ frame: DataFrame, _ session: Session, _ component: String) throws -> DataFrame {
    guard frame.session === session else {
        throw DataFlowError.invalid("\(component)(...) was given a DataFrame of another session; create it with the session the query runs in")
    }
    return frame
}

/// A DataFrame named by a catalog name or given directly, for `Join` and `Union`.
enum FrameReference: Sendable {
    case table(String)
    case frame(DataFrame)

    func resolve(in session: Session, _ component: String) throws -> DataFrame {
        switch self {
        case .table(let name): return try session.table(name)
        case .frame(let frame): return try sameSession(frame, session, component)
        }
    }
}
