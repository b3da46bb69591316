import DataFlow
import DataFlowScript
import Testing

/// Every error message, exactly as `dfs` prints it: `file:line:col: error: message`, the line, a caret.
@Suite struct ErrorMessageTests {
    func expectError(_ source: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(errorText(source) == expected, sourceLocation: sourceLocation)
    }

    @Test func lexerErrors() {
        expectError("x = \"abc", "t.dfs:1:5: error: unterminated string\nx = \"abc\n    ^")
        expectError("x = 1 @ 2", "t.dfs:1:7: error: unexpected character '@'\nx = 1 @ 2\n      ^")
        expectError(#"x = "a\qb""#, "t.dfs:1:7: error: invalid escape '\\q' in string (use \\n, \\t, \\r, \\0, \\\", \\\\ or \\u{…})\nx = \"a\\qb\"\n      ^")
        expectError(#"x = "\u{110000}""#, "t.dfs:1:6: error: invalid unicode escape '\\u{110000}'\nx = \"\\u{110000}\"\n     ^")
        expectError("x = `abc", "t.dfs:1:5: error: unterminated backquoted name\nx = `abc\n    ^")
        expectError("x = 99999999999999999999", "t.dfs:1:5: error: integer literal '99999999999999999999' does not fit in 64 bits\nx = 99999999999999999999\n    ^")
        expectError("x = 12abc", "t.dfs:1:5: error: invalid number '12a'\nx = 12abc\n    ^")
    }

    @Test func parserErrors() {
        expectError("x = ", "t.dfs:1:5: error: expected an expression, found end of line\nx = \n    ^")
        expectError("print(1, 2", "t.dfs:1:6: error: '(' is never closed\nprint(1, 2\n     ^")
        expectError("print(1 2)", "t.dfs:1:9: error: expected ',' or ')' in the argument list, found '2'\nprint(1 2)\n        ^")
        expectError("x = [1, 2", "t.dfs:1:5: error: '[' is never closed\nx = [1, 2\n    ^")
        expectError("x = 1 2", "t.dfs:1:7: error: expected end of statement, found '2'\nx = 1 2\n      ^")
        expectError("x = 1 < 2 < 3", "t.dfs:1:11: error: comparisons cannot be chained; combine them with 'and'\nx = 1 < 2 < 3\n          ^")
        expectError("ratings.filter(rating = 4)", "t.dfs:1:23: error: '=' assigns a variable; use '==' to compare\nratings.filter(rating = 4)\n                      ^")
        expectError("x = ratings.", "t.dfs:1:13: error: expected a name after '.', found end of line\nx = ratings.\n            ^")
        expectError("param = 3", "t.dfs:1:7: error: expected a parameter name after 'param', found '='\nparam = 3\n      ^")
        expectError("import other", "t.dfs:1:8: error: expected a file name string after 'import', found 'other'\nimport other\n       ^")
        expectError("and = 3", "t.dfs:1:1: error: 'and' is a keyword and cannot be a variable name\nand = 3\n^")
        expectError("x = (1 + 2", "t.dfs:1:5: error: '(' is never closed\nx = (1 + 2\n    ^")
        expectError("x = 1 as", "t.dfs:1:9: error: expected a name after 'as', found end of line\nx = 1 as\n        ^")
        expectError("x = [1][0", "t.dfs:1:10: error: expected ']' after the index, found end of line\nx = [1][0\n         ^")
    }

    @Test func unknownNamesWithDidYouMean() {
        expectError("ratngs.show()", "t.dfs:1:1: error: unknown name 'ratngs'; did you mean 'ratings'?\nratngs.show()\n^")
        expectError("zzz", "t.dfs:1:1: error: unknown name 'zzz'\nzzz\n^")
        expectError("x = upper", "t.dfs:1:5: error: 'upper' is a function; call it: upper(...)\nx = upper\n    ^")
        expectError("ratings.filter(ratng >= 4).show()",
                    "t.dfs:1:16: error: no column 'ratng' in [userId, movieId, rating]; did you mean 'rating'?\nratings.filter(ratng >= 4).show()\n               ^")
        expectError("ratings.select(`user id`)",
                    "t.dfs:1:16: error: no column 'user id' in [userId, movieId, rating]; did you mean 'userId'?\nratings.select(`user id`)\n               ^")
    }

    @Test func unknownFunctionsMethodsAndLabels() {
        expectError("ratings.select(uper(movieId))", "t.dfs:1:16: error: unknown function 'uper'; did you mean 'upper'?\nratings.select(uper(movieId))\n               ^")
        expectError("ratings.fliter(rating > 2)", "t.dfs:1:9: error: DataFrame has no method 'fliter'; did you mean 'filter'?\nratings.fliter(rating > 2)\n        ^")
        expectError("ratings.groupBy(movieId).agregate(count())",
                    "t.dfs:1:26: error: GroupedData has no method 'agregate'\nratings.groupBy(movieId).agregate(count())\n                         ^")
        expectError("read.csv(\"x.csv\", headr: true)", "t.dfs:1:19: error: csv() has no argument 'headr'; did you mean 'header'?\nread.csv(\"x.csv\", headr: true)\n                  ^")
        expectError("ratings.filter(rating > 2, how: 1)", "t.dfs:1:28: error: filter() has no argument 'how' (it takes no labeled arguments)\nratings.filter(rating > 2, how: 1)\n                           ^")
        expectError("ratings.join(ratings, on: movieId, on: userId)", "t.dfs:1:36: error: argument 'on' given twice\nratings.join(ratings, on: movieId, on: userId)\n                                   ^")
        expectError("x = 3\nx(1)", "t.dfs:2:1: error: 'x' is a int, not a function\nx(1)\n^")
        expectError("x = 3\nx.foo()", "t.dfs:2:3: error: int has no methods\nx.foo()\n  ^")
        expectError("ratings.filter", "t.dfs:1:9: error: 'filter' is a method of DataFrame; call it: filter(...)\nratings.filter\n        ^")
        expectError("ratings.nope", "t.dfs:1:9: error: DataFrame has no property 'nope'\nratings.nope\n        ^")
        expectError("r = ratings.first()\nr.ratng", "t.dfs:2:3: error: no field 'ratng' in the row [userId, movieId, rating]; did you mean 'rating'?\nr.ratng\n  ^")
        expectError("r = ratings.first()\nr.show()", "t.dfs:2:3: error: a Row has no methods; read a field with row.name or row[\"name\"]\nr.show()\n  ^")
    }

    @Test func arityAndArgumentTypes() {
        expectError("ratings.filter(rating > 2, rating < 5)",
                    "t.dfs:1:9: error: filter() takes 1 argument but 2 were given (filter(condition))\nratings.filter(rating > 2, rating < 5)\n        ^")
        expectError("print(substring(\"abc\"))",
                    "t.dfs:1:7: error: substring() takes 2 to 3 arguments but 1 was given (substring(str, pos[, len]))\nprint(substring(\"abc\"))\n      ^")
        expectError("ratings.limit(\"x\")", "t.dfs:1:15: error: argument 1 of limit() must be an int, not string\nratings.limit(\"x\")\n              ^")
        expectError("ratings.join(5)", "t.dfs:1:14: error: argument 1 of join() must be a DataFrame, not int\nratings.join(5)\n             ^")
        expectError("read.csv(\"x.csv\", header: \"yes\")", "t.dfs:1:19: error: 'header:' of csv() must be a bool, not string\nread.csv(\"x.csv\", header: \"yes\")\n                  ^")
        expectError("ratings.filter(ratings)", "t.dfs:1:16: error: argument 1 of filter() must be a column or a value, not DataFrame\nratings.filter(ratings)\n               ^")
    }

    @Test func valueErrors() {
        expectError("x = \"a\" + 1", "t.dfs:1:9: error: cannot add int to a string; convert it with str(x)\nx = \"a\" + 1\n        ^")
        expectError("x = 1 / 0", "t.dfs:1:7: error: division by zero\nx = 1 / 0\n      ^")
        expectError("x = 9223372036854775807 + 1", "t.dfs:1:25: error: integer overflow in '+'\nx = 9223372036854775807 + 1\n                        ^")
        expectError("x = [1, 2][2]", "t.dfs:1:11: error: index 2 is out of range for a list of 2 items\nx = [1, 2][2]\n          ^")
        expectError("x = [1][\"a\"]", "t.dfs:1:8: error: a list index must be an int, not string\nx = [1][\"a\"]\n       ^")
        expectError("x = 3[0]", "t.dfs:1:6: error: cannot index int with [...]\nx = 3[0]\n     ^")
        expectError("x = 1 < \"a\"", "t.dfs:1:7: error: cannot compare int and string with '<'\nx = 1 < \"a\"\n      ^")
        expectError("x = 1 and true", "t.dfs:1:7: error: 'and' needs bools or columns, not int and bool\nx = 1 and true\n      ^")
        expectError("x = not 1", "t.dfs:1:5: error: 'not' needs a bool or a column, not int\nx = not 1\n    ^")
        expectError("x = -\"a\"", "t.dfs:1:5: error: '-' needs a number or a column, not string\nx = -\"a\"\n    ^")
        expectError("x = date(\"2026-13-45\")", "t.dfs:1:10: error: '2026-13-45' is not a date; write yyyy-mm-dd\nx = date(\"2026-13-45\")\n         ^")
        expectError("x = int(\"4x\")", "t.dfs:1:9: error: '4x' is not an int\nx = int(\"4x\")\n        ^")
        expectError("x = ratings as r", "t.dfs:1:13: error: 'as' names a column expression, not DataFrame\nx = ratings as r\n            ^")
    }

    @Test func assertFailsWithItsMessage() {
        let r = runScript("assert(1 == 2, \"one is not two\")\nprint(\"after\")")
        #expect(r.output == "")
        #expect(r.error?.description == "t.dfs:1:10: error: assertion failed: one is not two\nassert(1 == 2, \"one is not two\")\n         ^")
        #expect(r.error?.exitCode == 1)
        #expect(outputOf("assert(ratings.count() == 4, \"four rows\")\nprint(\"ok\")") == "ok\n")
        expectError("assert(ratings)", "t.dfs:1:8: error: argument 1 of assert() must be a bool, not DataFrame\nassert(ratings)\n       ^")
    }

    @Test func engineErrorsAtTheCallThatCausedThem() {
        expectError("ratings.select(col(\"nope\")).show()",
                    "t.dfs:1:9: error: [UNRESOLVED_COLUMN] no column `nope` in [userId, movieId, rating]\nratings.select(col(\"nope\")).show()\n        ^")
        let r = runScript("x = sql(\"SELEC 1\")")
        #expect(r.error?.line == 1)
        #expect(r.error?.column == 5)
        #expect(r.error?.message.hasPrefix("[PARSE_SYNTAX_ERROR]") == true)
        let missing = runScript("x = read.csv(\"/nonexistent/file.csv\")")
        #expect(missing.error?.column == 10)
        #expect(missing.error?.message.hasPrefix("[PATH_NOT_FOUND]") == true)
    }
}
