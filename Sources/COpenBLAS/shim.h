// OpenBLAS (CBLAS) and LAPACKE from Debian's libopenblas-dev and liblapacke-dev.
// Debian installs cblas.h as an alternatives link in /usr/include/x86_64-linux-gnu (on the default
// include path) and lapacke.h in /usr/include; libopenblas.so and liblapacke.so are in the default
// library path. LAPACKE's LAPACK symbols resolve to OpenBLAS's LAPACK (liblapack.so.3 alternative).
#ifndef DATAFLOW_COPENBLAS_SHIM_H
#define DATAFLOW_COPENBLAS_SHIM_H
#include <cblas.h>
#include <lapacke.h>

// A read prefetch hint (Swift has no prefetch intrinsic): ALS gathers factor rows at random, and asking
// for rows a few ratings ahead keeps several cache misses in flight.
static inline void dataflow_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
