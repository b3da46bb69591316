import Foundation

/// Sums a per-row loss and its gradient over rows in fixed blocks of `blockRows`, the blocks spread over
/// threads with `concurrentPerform` and added in block order: the result depends only on the data, not
/// on the thread count or scheduling.
enum BlockSum {
    static let blockRows = 4096

    /// `body(rows, gradient)` adds its rows' gradient into `gradient` (zeroed, `width` long) and returns
    /// their loss. Returns the total loss and writes the total gradient into `gradient`.
    static func run(rows n: Int, width: Int, gradient: inout [Double],
                    _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Double) -> Double {
        let blocks = max(1, (n + blockRows - 1) / blockRows)
        if blocks == 1 || n * width < 100_000 {
            for i in 0..<width { gradient[i] = 0 }
            return gradient.withUnsafeMutableBufferPointer { body(0..<n, $0) }
        }
        let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: blocks * width)
        partial.initialize(repeating: 0)
        let losses = UnsafeMutableBufferPointer<Double>.allocate(capacity: blocks)
        defer { partial.deallocate(); losses.deallocate() }
        let shared = Shared(partial: partial, losses: losses)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let rows = (b * blockRows)..<min(n, (b + 1) * blockRows)
            let g = UnsafeMutableBufferPointer(rebasing: shared.partial[(b * width)..<((b + 1) * width)])
            shared.losses[b] = body(rows, g)
        }
        var loss = 0.0
        for i in 0..<width { gradient[i] = 0 }
        for b in 0..<blocks {
            loss += losses[b]
            for i in 0..<width { gradient[i] += partial[b * width + i] }
        }
        return loss
    }

    /// Buffers each block writes only its own part of.
    private struct Shared: @unchecked Sendable {
        let partial: UnsafeMutableBufferPointer<Double>
        let losses: UnsafeMutableBufferPointer<Double>
    }
}
