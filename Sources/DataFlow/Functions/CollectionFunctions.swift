import DataFlowColumnar
import DataFlowEngine

// Collection functions (Spark's `functions`, array and map groups).

