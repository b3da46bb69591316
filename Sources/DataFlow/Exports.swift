@_exported import DataFlowEngine
