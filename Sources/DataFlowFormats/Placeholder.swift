public enum DataFlowFormatsPlaceholder {}
