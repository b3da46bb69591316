import DataFlow

/// The errors ML stages raise: a `DataFlowError` with an ML error class and a message naming the stage,
/// the parameter or column, and the value.
public enum MLError {
    /// A parameter outside its allowed values (raised by `fit`/`transform` before any work).
    public static func invalidParam(_ message: String) -> DataFlowError { DataFlowError("ML_INVALID_PARAM", message) }
    /// Data a stage cannot use: a null label, a vector of the wrong size, an unseen label, …
    public static func invalidInput(_ message: String) -> DataFlowError { DataFlowError("ML_INVALID_INPUT", message) }
    /// An input column that is missing or has the wrong type.
    public static func column(_ stage: String, _ param: String, _ name: String, _ problem: String) -> DataFlowError {
        DataFlowError("ML_INVALID_COLUMN", "\(stage): \(param) '\(name)' \(problem)")
    }
    /// A saved model folder that cannot be read.
    public static func persistence(_ message: String) -> DataFlowError { DataFlowError("ML_PERSISTENCE", message) }
}
