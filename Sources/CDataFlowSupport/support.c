// The helpers are header-only (DataFlowSupport.h); SwiftPM needs one source file per C target.
#include "DataFlowSupport.h"
