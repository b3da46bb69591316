// What users of `import DataFlow` see besides this module's own types.
@_exported import struct DataFlowColumnar.Schema
@_exported import struct DataFlowColumnar.Field
@_exported import enum DataFlowColumnar.DataType
@_exported import enum DataFlowColumnar.Value
@_exported import struct DataFlowColumnar.DataFlowError
@_exported import struct DataFlowColumnar.RecordBatch
@_exported import enum DataFlowEngine.JoinType
@_exported import struct DataFlowEngine.QueryProgress
@_exported import enum DataFlowFormats.CSVParseMode
