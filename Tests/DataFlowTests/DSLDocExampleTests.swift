import Foundation
import Testing

/// Docs/dsl.md promises that each of its Swift examples runs as a test. This keeps the promise: every
/// ```swift block must equal (ignoring indentation) the lines between `// doc-example: NAME` and
/// `// end-doc-example` in one of this target's test files, where the example's results are checked.
@Suite struct DSLDocExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Code blocks of a Markdown file, each as trimmed non-empty lines.
    static func swiftBlocks(_ markdown: String) -> [[String]] {
        var blocks: [[String]] = [], current: [String]? = nil
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if current == nil, t == "```swift" { current = [] } else if current != nil, t == "```" {
                blocks.append(current!)
                current = nil
            } else if current != nil, !t.isEmpty { current!.append(t) }
        }
        return blocks
    }

    /// The marked example regions of the test sources, by name.
    static func markedExamples() throws -> [String: [String]] {
        let dir = root.appendingPathComponent("Tests/DataFlowTests")
        var out: [String: [String]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            var name: String? = nil, lines: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("// doc-example: ") {
                    name = String(t.dropFirst("// doc-example: ".count))
                    lines = []
                } else if t == "// end-doc-example", let n = name {
                    out[n] = lines
                    name = nil
                } else if name != nil, !t.isEmpty { lines.append(t) }
            }
        }
        return out
    }

    @Test func everyExampleInDslMdIsATest() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("Docs/dsl.md"), encoding: .utf8)
        let examples = try Self.markedExamples()
        let tested = Set(examples.values)
        for block in Self.swiftBlocks(doc) {
            #expect(tested.contains(block), "Docs/dsl.md example is not a test (copy it between doc-example markers):\n\(block.joined(separator: "\n"))")
        }
    }

    @Test func blockExtraction() {
        let md = "text\n```swift\n  let a = 1\n\n  a + 1\n```\n```sh\nls\n```\n"
        #expect(Self.swiftBlocks(md) == [["let a = 1", "a + 1"]])
    }
}
