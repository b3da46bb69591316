import DataFlowScript
import Testing

@Suite struct ScriptErrorTests {
    @Test func formatsLocationSourceLineAndCaret() {
        let e = ScriptError(file: "job.dfs", line: 12, column: 8, message: "no column 'ratng' in [userId, movieId, rating]; did you mean 'rating'?",
                            sourceLine: "top = r.filter(ratng >= 4)")
        #expect(e.description == """
            job.dfs:12:8: error: no column 'ratng' in [userId, movieId, rating]; did you mean 'rating'?
            top = r.filter(ratng >= 4)
                   ^
            """)
        #expect(e.exitCode == 1)
        #expect(ScriptError(file: "job.dfs", line: 0, column: 0, message: "unknown param 'n'", isUsageError: true).description == "job.dfs: error: unknown param 'n'")
        #expect(ScriptError(file: "", line: 0, column: 0, message: "x", isUsageError: true).exitCode == 2)
    }
}
