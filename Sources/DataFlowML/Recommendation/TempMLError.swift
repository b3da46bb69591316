// TEMPORARY until the core (Core/MLError.swift) is merged from main: delete this file then.
import DataFlowColumnar

public enum MLError {
    public static func invalidParam(_ message: String) -> DataFlowError { DataFlowError("ML_INVALID_PARAM", message) }
    public static func invalidInput(_ message: String) -> DataFlowError { DataFlowError("ML_INVALID_INPUT", message) }
}
