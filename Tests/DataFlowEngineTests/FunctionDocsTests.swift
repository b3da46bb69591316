import Foundation
import Testing
@testable import DataFlowEngine

@Suite struct FunctionDocsTests {
    /// Docs/functions.md is generated from the registry; it must not drift (regenerate: Scripts/gen-docs).
    @Test func functionsMarkdownIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("Docs/functions.md"), encoding: .utf8)
        #expect(committed == FunctionRegistry.markdown() || committed == FunctionRegistry.markdown() + "\n",
                "Docs/functions.md is stale: run Scripts/gen-docs")
    }

    @Test func everyFunctionIsDocumented() {
        for f in FunctionRegistry.scalars.values {
            #expect(!f.doc.isEmpty && !f.example.isEmpty && f.signature.hasPrefix(f.name), "\(f.name)")
        }
        for f in FunctionRegistry.aggregates.values {
            #expect(!f.doc.isEmpty && !f.example.isEmpty, "\(f.name)")
        }
    }
}
