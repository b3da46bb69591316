import DataFlowColumnar

/// `array<T>` columns (T a flat type) as Parquet LIST columns: the standard 3-level layout on write;
/// on read also the legacy 2-level layouts (a repeated primitive, or a repeated group named `array` or
/// `<name>_tuple` holding the element), following the format's backward-compatibility rules.
enum ParquetArrays {
    /// The leaf and DataFlow type of top-level field `node` (index `index`) when it is a list of a
    /// readable primitive; nil otherwise.
    static func listLeaf(_ node: ParquetSchemaNode, index: Int, leaves: [ParquetLeaf]) -> (Int, DataType)? {
        guard case .group(let children) = node.kind, node.repetition != .repeated,
              node.logicalType == .list || node.convertedType == .list,
              children.count == 1, children[0].repetition == .repeated else { return nil }
        let repeated = children[0]
        switch repeated.kind {
        case .primitive:
            break  // 2-level: the repeated field is the (required) element
        case .group(let inner):
            // 3-level unless a legacy name says the group itself is the element.
            guard inner.count == 1, repeated.name != "array", repeated.name != node.name + "_tuple",
                  case .primitive = inner[0].kind, inner[0].repetition != .repeated else { return nil }
        }
        guard let li = leaves.firstIndex(where: { $0.topLevelField == index }),
              leaves.filter({ $0.topLevelField == index }).count == 1, leaves[li].maxRepetitionLevel == 1,
              case .success(let t) = ParquetTypeMapping.dataType(of: leaves[li]) else { return nil }
        return (li, .array(t))
    }

    /// Definition level of a present (possibly empty) list: 1 when the list field is optional.
    static func listLevel(_ leaf: ParquetLeaf) -> Int {
        // maxDef = listOptional + 1 (repeated) + elementOptional; element optionality is unknown here, so
        // count from the path: the writer and the readers agree that the repeated level sits one below.
        leaf.maxDefinitionLevel - 1 - (leaf.elementOptional ? 1 : 0)
    }

    /// Array column of `rows` rows from a decoded LIST leaf.
    static func column(_ d: DecodedChunk, leaf: ParquetLeaf, type: DataType, rows: Int) throws -> Column {
        guard let elementType = type.elementType else { throw ParquetConvert.corrupt("not an array type") }
        let maxDef = leaf.maxDefinitionLevel
        let listDef = listLevel(leaf)
        let n = d.reps.count
        guard d.defs.count == n || maxDef == 0 else { throw ParquetConvert.corrupt("level counts differ") }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(rows + 1)
        var validity = [Bool]()
        validity.reserveCapacity(rows)
        var elementDefs: [Int16] = []
        elementDefs.reserveCapacity(n)
        var count: Int32 = 0
        for i in 0..<n {
            let def = maxDef == 0 ? 0 : Int(d.defs[i])
            if d.reps[i] == 0 {
                if i > 0 { offsets.append(count) }
                validity.append(def >= listDef)
            } else if i == 0 {
                throw ParquetConvert.corrupt("the first repetition level is not 0")
            }
            if def > listDef {
                elementDefs.append(def == maxDef ? 1 : 0)
                count += 1
            }
        }
        if n > 0 { offsets.append(count) }
        guard validity.count == rows else { throw ParquetConvert.corrupt("LIST column holds \(validity.count) rows, expected \(rows)") }
        // The elements as a flat optional leaf.
        let flatLeaf = ParquetLeaf(path: leaf.path, physicalType: leaf.physicalType, typeLength: leaf.typeLength,
                                   logicalType: leaf.logicalType, convertedType: leaf.convertedType, precision: leaf.precision,
                                   scale: leaf.scale, maxDefinitionLevel: 1, maxRepetitionLevel: 0, topLevelField: leaf.topLevelField)
        var flat = d
        flat.defs = elementDefs
        flat.reps = []
        flat.skippedSlots = 0
        let elements = try ParquetConvert.column(flat, leaf: flatLeaf, type: elementType, start: 0, rows: elementDefs.count).decoded()
        var validBuf: Buffer? = nil
        if validity.contains(false) {
            let b = Buffer(byteCount: Bitmap.byteCount(for: rows), zeroed: true)
            let p = b.pointer(UInt8.self)
            for (i, v) in validity.enumerated() where v { Bitmap.set(p, i, true) }
            validBuf = b
        }
        return Column.array(offsets: offsets, elements: elements, validity: validBuf)
    }

    /// Leaf data (3-level LIST levels) for array columns.
    static func leafData(_ columns: [Column], field: Field, leaf: ParquetLeaf) throws -> ParquetLeafData {
        guard let elementType = field.type.elementType else { throw DataFlowError.invalid("\(field.name) is not an array") }
        let listDef = Int16(listLevel(leaf)), maxDef = Int16(leaf.maxDefinitionLevel)
        var defs: [Int16] = [], reps: [Int16] = []
        var elementColumns: [Column] = []
        for c in columns {
            guard let e = c.elements?.column else {
                if c.count > 0 && c.nullCount < c.count { throw DataFlowError.invalid("array column \(field.name) has no elements") }
                for _ in 0..<c.count { defs.append(listDef - 1); reps.append(0) }
                continue
            }
            if !field.nullable && c.nullCount > 0 {
                throw DataFlowError("NULL_IN_NON_NULLABLE_COLUMN", "column \(field.name) is declared NOT NULL but holds nulls; it cannot be written to Parquet")
            }
            var take: [Int32] = []
            for i in 0..<c.count {
                if !c.isValid(i) { defs.append(listDef - 1); reps.append(0); continue }
                let r = c.arrayRange(i)
                if r.isEmpty { defs.append(listDef); reps.append(0); continue }
                for (k, j) in r.enumerated() {
                    defs.append(e.isValid(j) ? maxDef : maxDef - 1)
                    reps.append(k == 0 ? 0 : 1)
                    take.append(Int32(j))
                }
            }
            elementColumns.append(e.take(take))
        }
        let elementLeaf = ParquetLeaf(path: leaf.path, physicalType: leaf.physicalType, typeLength: leaf.typeLength,
                                      logicalType: leaf.logicalType, convertedType: leaf.convertedType, precision: leaf.precision,
                                      scale: leaf.scale, maxDefinitionLevel: 1, maxRepetitionLevel: 0, topLevelField: leaf.topLevelField)
        let values = try ParquetFlatColumns.leafData(elementColumns, field: Field("element", elementType, nullable: true), leaf: elementLeaf).values
        return ParquetLeafData(values: values, definitionLevels: defs, repetitionLevels: reps)
    }
}
