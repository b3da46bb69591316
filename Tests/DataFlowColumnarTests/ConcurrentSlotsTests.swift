import DataFlowColumnar
import Dispatch
import Testing

/// Many threads writing distinct slots at once keep every write (the array-in-a-class version this
/// replaces lost writes and corrupted the heap under this load).
@Suite struct ConcurrentSlotsTests {
    @Test func concurrentWritersKeepEveryWrite() {
        let n = 4096
        let slots = ConcurrentSlots<[Int]>(n, repeating: [])
        for round in 0..<4 {
            DispatchQueue.concurrentPerform(iterations: n) { i in
                slots[i] = [i, round]
                slots.with(i) { $0.append(i * 2) }
            }
            #expect(slots.values.enumerated().allSatisfy { $0.element == [$0.offset, round, $0.offset * 2] })
        }
        let made = ConcurrentSlots<Int>(3) { 7 }
        #expect(made.values == [7, 7, 7] && made.count == 3)
        #expect(ConcurrentSlots<Int>(0, repeating: 1).values.isEmpty)
    }
}
