import DataFlowColumnar
@testable import DataFlowEngine
import Testing

@Suite struct PackedGroupTableTests {
    @Test func emptyMorselsAssignNothingAndLaterOnesStillGroup() {
        var t = PackedGroupTable(capacity: 0)
        var ids: [Int32] = [7]
        // A morsel a filter emptied, first and in between (also with an empty dictionary-encoded column).
        t.assign([Column.string([]), Column.int32([])], into: &ids)
        #expect(ids.isEmpty && t.groupCount == 0)
        t.assign([Column.string(["a", "b", "a", nil]), Column.int32([1, 1, 1, 2])], into: &ids)
        #expect(ids == [0, 1, 0, 2] && t.groupCount == 3)
        let emptyDictionary = Column(type: .string, count: 0, values: Buffer(byteCount: 0),
                                     dictionary: DictionaryBox(Column.string([])))
        t.assign([emptyDictionary, Column.int32([])], into: &ids)
        #expect(ids.isEmpty && t.groupCount == 3)
        t.assign([Column.string(["b", "c"]), Column.int32([1, 1])], into: &ids)
        #expect(ids == [1, 3] && t.groupCount == 4)
    }
}
