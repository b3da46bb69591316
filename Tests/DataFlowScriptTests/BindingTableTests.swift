@testable import DataFlowScript
import DataFlow
import DataFlowEngine
import Foundation
import Testing

/// The binding table is complete: every registry function is callable by name, and every method the
/// API reference (Docs/api.md) documents for DataFrame, GroupedData, Column, the reader, the writer
/// and windows is bound, with the documented argument labels.
@Suite struct BindingTableTests {
    /// Documented Swift members a script cannot use, and why.
    static let notInScripts: [String: String] = [
        "collectBatches": "columnar record batches are for Swift code; scripts use collect()",
        "udf": "a Swift closure cannot be written in a script; register it with session.udf and call it by name",
        "udaf": "as udf",
        "query": "the result-builder DSL is Swift syntax",
    ]

    @Test func everyRegistryFunctionIsCallable() {
        var missing: [String] = []
        for name in FunctionRegistry.allNames where BindingTable.registryFunction(name) == nil && BindingTable.functionsByName[name] == nil {
            missing.append(name)
        }
        #expect(missing.isEmpty, "registry functions missing from scripts: \(missing)")
        #expect(FunctionRegistry.allNames.count > 50)
        // And each one lowers: an arity-valid call builds a column.
        let session = Session(threads: 1)
        for name in FunctionRegistry.allNames {
            guard let f = BindingTable.registryFunction(name) else { continue }
            let args = Array(repeating: "1", count: f.arity.lowerBound).joined(separator: ", ")
            let engine = ScriptEngine(session: session, output: { _ in })
            #expect(throws: Never.self, "\(name)") { try engine.run("x = \(name)(\(args))") }
        }
    }

    /// Backticked members in a section of api.md: `name(label:...)`, with their labels.
    static func documentedMembers(section: String) throws -> [(name: String, labels: [String])] {
        let doc = try String(contentsOf: repoRoot.appendingPathComponent("Docs/api.md"), encoding: .utf8)
        guard let start = doc.range(of: "\n## \(section)\n") else { return [] }
        let rest = doc[start.upperBound...]
        let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var out: [(String, [String])] = []
        for line in body.split(separator: "\n") {
            // Tables: the first cell; bullets: the whole line.
            let text: Substring
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false)
                guard cells.count > 2, !cells[1].contains("---"), !cells[1].trimmingCharacters(in: .whitespaces).hasPrefix("member"),
                      !cells[1].trimmingCharacters(in: .whitespaces).hasPrefix("method") else { continue }
                text = cells[1]
            } else if line.hasPrefix("- ") {
                text = line
            } else { continue }
            for chunk in text.split(separator: "`").enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                // `df[name]` is subscripting (scripts have it too), not a method.
                if chunk.hasPrefix("df[") { continue }
                var s = chunk.hasPrefix("df.") ? chunk.dropFirst(3) : chunk[...]
                if s.hasPrefix("na.") { s = s.dropFirst(3); out.append(("na", [])) }
                let name = String(s.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                guard !name.isEmpty, name.first?.isLowercase == true else { continue }
                var labels: [String] = []
                if let open = s.firstIndex(of: "("), let close = s.lastIndex(of: ")"), open < close {
                    // Labels of the call itself, not of a `[key: value]` dictionary argument.
                    let inside = String(s[s.index(after: open)..<close]).replacing(try Regex(#"\[[^\]]*\]"#), with: "")
                    let re = try Regex("([A-Za-z]+):")
                    labels = inside.matches(of: re).compactMap { $0.output[1].substring.map(String.init) }
                }
                out.append((name, labels))
            }
        }
        return out
    }

    func check(_ section: String, against tables: [[ScriptBinding]], alsoFunctions: Bool = false) throws {
        let documented = try Self.documentedMembers(section: section)
        #expect(documented.count > 5, "parsed nothing from the \(section) section of Docs/api.md")
        for (name, labels) in documented where Self.notInScripts[name] == nil {
            let bindings = tables.flatMap { $0 }.filter { $0.name == name }
                + (alsoFunctions ? [BindingTable.functionsByName[name]].compactMap { $0 } : [])
            let isFunction = alsoFunctions && BindingTable.registryFunction(name) != nil
            #expect(!bindings.isEmpty || isFunction, "\(section): `\(name)` is documented in Docs/api.md but missing from the binding table")
            for l in labels where !bindings.isEmpty {
                #expect(bindings.contains { $0.labels.contains(l) }, "\(section): `\(name)` has no argument label '\(l):' in the binding table")
            }
        }
    }

    @Test func everyDocumentedDataFrameMethodIsBound() throws {
        try check("DataFrame", against: [BindingTable.dataFrame, BindingTable.groupedData, BindingTable.naFunctions, BindingTable.column])
    }

    @Test func everyDocumentedColumnMemberIsBound() throws {
        try check("Column", against: [BindingTable.column, BindingTable.dataFrame], alsoFunctions: true)
    }

    @Test func everyDocumentedFunctionIsBound() throws {
        try check("Functions", against: [], alsoFunctions: true)
    }

    @Test func readerWriterAndGroupedDataMembers() {
        for name in ["option", "format", "load", "csv", "schema"] { #expect(BindingTable.reader.contains { $0.name == name }, "read.\(name)") }
        for name in ["mode", "option", "format", "csv", "save"] { #expect(BindingTable.writer.contains { $0.name == name }, "write.\(name)") }
        for name in ["agg", "count", "sum", "avg", "mean", "min", "max"] { #expect(BindingTable.groupedData.contains { $0.name == name }, "GroupedData.\(name)") }
        for name in ["partitionBy", "orderBy", "rowsBetween", "rangeBetween", "unboundedPreceding", "unboundedFollowing", "currentRow"] {
            #expect(BindingTable.windowNamespace.contains { $0.name == name }, "Window.\(name)")
        }
        #expect(BindingTable.reader.first { $0.name == "csv" }?.labels == ["header", "inferSchema", "delimiter"])
        #expect(BindingTable.writer.first { $0.name == "csv" }?.labels == ["mode", "header"])
    }

    /// The test itself can fail: a made-up documented method is reported missing.
    @Test func aMissingMethodWouldBeReported() {
        #expect(BindingTable.dataFrame.contains { $0.name == "filter" })
        #expect(!BindingTable.dataFrame.contains { $0.name == "noSuchMethod" })
    }
}
