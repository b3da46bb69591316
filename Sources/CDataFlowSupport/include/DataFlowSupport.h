#ifndef DATAFLOW_SUPPORT_H
#define DATAFLOW_SUPPORT_H

/// Small C helpers the Swift kernels call where Swift has no spelling: each is `static inline`, so the
/// Swift compiler inlines it into the calling loop.

/// Asks the CPU to start loading the cache line at `p` for a read soon (no effect on results; the
/// address need not be valid). Random-access loops (hash probes, gathers) prefetch a few rows ahead
/// so several cache misses are in flight at once.
static inline void dataflow_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
