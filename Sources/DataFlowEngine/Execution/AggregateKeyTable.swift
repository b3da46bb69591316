import DataFlowColumnar

/// What the hash aggregate needs of its group table: assign group ids to a batch's keys, tell which
/// merge partition each group belongs to, merge one partition of another table, and decode keys into
/// columns. Implementations: any keys encoded as bytes (`GroupTable`), one integer key (`IntGroupTable`),
/// and string/integer keys packed into one word (`PackedGroupTable`).
protocol AggregateKeyTable {
    init(capacity: Int)
    var groupCount: Int { get }
    var byteSize: Int { get }
    mutating func assign(_ keys: [Column], into ids: inout [Int32])
    /// The merge partition of every group (content-based, so equal keys of different tables agree).
    func partitionIds(_ partitions: Int) -> [UInt8]
    /// Inserts the groups of `other` whose partition (`parts`) is `p`; returns each group's id here
    /// (-1 for groups of other partitions).
    mutating func merge(_ other: Self, parts: [UInt8], partition p: Int) -> [Int32]
    func decodeKeys(_ types: [DataType]) -> [Column]
    /// Brings the worker tables into one representation before merging.
    static func unify(_ tables: [Self]) -> [Self]
    /// An empty table to merge one partition of `tables` into.
    static func mergeTable(for tables: [Self], expectedGroups: Int) -> Self
}

/// Tables that merge group by group.
protocol GroupwiseMergeable: AggregateKeyTable {
    func partition(of g: Int, partitions: Int) -> Int
    /// The id in this table of group `g` of `other`, inserting it if new.
    mutating func insert(group g: Int, of other: Self) -> Int32
}

extension GroupwiseMergeable {
    func partitionIds(_ partitions: Int) -> [UInt8] {
        (0..<groupCount).map { UInt8(truncatingIfNeeded: partition(of: $0, partitions: partitions)) }
    }

    mutating func merge(_ other: Self, parts: [UInt8], partition p: Int) -> [Int32] {
        var mapping = [Int32](repeating: -1, count: other.groupCount)
        let part = UInt8(truncatingIfNeeded: p)
        for g in 0..<other.groupCount where parts[g] == part { mapping[g] = insert(group: g, of: other) }
        return mapping
    }

    static func unify(_ tables: [Self]) -> [Self] { tables }
    static func mergeTable(for tables: [Self], expectedGroups: Int) -> Self { Self(capacity: max(1024, expectedGroups)) }
}

extension GroupTable: GroupwiseMergeable {
    mutating func assign(_ keys: [Column], into ids: inout [Int32]) {
        findOrInsert(EncodedKeys(columns: keys), into: &ids)
    }

    func partition(of g: Int, partitions: Int) -> Int {
        Int(truncatingIfNeeded: (groupHashes[g] &>> 40) % UInt64(partitions))
    }

    mutating func insert(group g: Int, of other: GroupTable) -> Int32 {
        findOrInsert(hash: other.groupHashes[g], other.key(g))
    }
}

/// Groups by one integer-like column (int, bigint, date, timestamp) without encoding keys as bytes.
struct IntGroupTable: GroupwiseMergeable {
    private var table: Int64KeyTable
    private(set) var keys: [Int64] = []
    private var nullGroup: Int32 = -1

    init(capacity: Int) { table = Int64KeyTable(capacity: capacity) }

    var groupCount: Int { keys.count }
    var byteSize: Int { table.byteSize + keys.count * 8 }

    @inline(__always) mutating func id(of k: Int64) -> Int32 {
        let (id, inserted) = table.findOrInsert(k, newId: Int32(keys.count))
        if inserted { keys.append(k) }
        return id
    }

    mutating func nullId() -> Int32 {
        if nullGroup < 0 {
            nullGroup = Int32(keys.count)
            keys.append(0)
        }
        return nullGroup
    }

    mutating func assign(_ cols: [Column], into ids: inout [Int32]) {
        let c = cols[0]
        let n = c.count
        if ids.count != n { ids = [Int32](repeating: 0, count: n) }
        let valid = c.validity.map { UnsafePointer($0.pointer(UInt8.self)) }
        var newKeys = keys
        keys = []
        var nullGroup = self.nullGroup
        ids.withUnsafeMutableBufferPointer { out in
            guard let o = out.baseAddress else { return }
            if c.type.byteWidth == 4 {
                table.assign(c.values(Int32.self), valid: valid, into: o, newKeys: &newKeys, nullGroup: &nullGroup)
            } else {
                table.assign(c.values(Int64.self), valid: valid, into: o, newKeys: &newKeys, nullGroup: &nullGroup)
            }
        }
        keys = newKeys
        self.nullGroup = nullGroup
    }

    func partition(of g: Int, partitions: Int) -> Int {
        if Int32(g) == nullGroup { return 0 }
        return Int(truncatingIfNeeded: Kernels.mix64(UInt64(bitPattern: keys[g])) % UInt64(partitions))
    }

    mutating func insert(group g: Int, of other: IntGroupTable) -> Int32 {
        Int32(g) == other.nullGroup ? nullId() : id(of: other.keys[g])
    }

    func decodeKeys(_ types: [DataType]) -> [Column] {
        var b = ColumnBuilder(type: types[0], capacity: keys.count)
        for (g, k) in keys.enumerated() {
            if Int32(g) == nullGroup { b.appendNull() } else if types[0].byteWidth == 4 { b.appendRaw(Int32(truncatingIfNeeded: k)) } else { b.appendRaw(k) }
        }
        return [b.finish()]
    }
}
