// The .dfs syntax tree. Grammar (Docs/script-language.md has the prose version):
//
//   script     := { statement (NEWLINE | ';') }
//   statement  := 'param' NAME '=' expr | 'import' STRING | NAME '=' expr | expr
//   expr       := or ['as' (NAME | `quoted`)]
//   or         := and { ('or' | '||') and }
//   and        := not { ('and' | '&&') not }
//   not        := ('not' | '!') not | compare
//   compare    := sum [('==' | '!=' | '<' | '<=' | '>' | '>=') sum]
//   sum        := product { ('+' | '-') product }
//   product    := unary { ('*' | '/' | '%') unary }
//   unary      := '-' unary | postfix
//   postfix    := primary { '.' NAME | '(' args ')' | '[' expr ']' }
//   args       := [arg { ',' arg } [',']]      arg := [NAME ':'] expr
//   primary    := INT | DOUBLE | STRING | 'true' | 'false' | 'null' | NAME | `quoted` | '(' expr ')'
//               | '[' [expr { ',' expr } [',']] ']'

/// An expression with the position of its first token (for calls and members: of the name).
struct Node {
    indirect enum Kind {
        case int(Int64)
        case double(Double)
        case string(String)
        case bool(Bool)
        case null
        case name(String)
        /// `` `a b` ``: a column of the DataFrame in scope, never a variable.
        case quotedName(String)
        case list([Node])
        case negate(Node)
        case not(Node)
        case binary(BinaryOp, Node, Node)
        case member(Node, String)
        case call(Node, [Argument])
        case index(Node, Node)
        case alias(Node, String)
    }
    let kind: Kind
    let pos: Pos
    /// Depth of the tree below and including this node: bounded by the parser, so evaluating a node
    /// cannot overflow the stack.
    let height: Int

    init(kind: Kind, pos: Pos) {
        self.kind = kind
        self.pos = pos
        switch kind {
        case .int, .double, .string, .bool, .null, .name, .quotedName: height = 1
        case .list(let items): height = 1 + (items.map(\.height).max() ?? 0)
        case .negate(let x), .not(let x), .member(let x, _), .alias(let x, _): height = 1 + x.height
        case .binary(_, let l, let r), .index(let l, let r): height = 1 + max(l.height, r.height)
        case .call(let f, let args): height = 1 + max(f.height, args.map(\.value.height).max() ?? 0)
        }
    }

    /// The position of the expression's first character (`pos` of `a + b` is the operator's).
    var start: Pos {
        switch kind {
        case .binary(_, let l, _): return l.start
        case .member(let r, _), .call(let r, _), .index(let r, _), .alias(let r, _): return r.start
        default: return pos
        }
    }
}

enum BinaryOp: String {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case and, or
}

struct Argument {
    let label: String?
    let value: Node
    /// Of the label when there is one, else of the value.
    let pos: Pos
}

enum Statement {
    case assign(String, Node, Pos)
    /// `a, b = list`: one name per element.
    case assignMany([String], Node, Pos)
    case param(String, Node, Pos)
    case importFile(String, Pos)
    case expression(Node)

    var pos: Pos {
        switch self {
        case .assign(_, _, let p), .assignMany(_, _, let p), .param(_, _, let p), .importFile(_, let p): return p
        case .expression(let n): return n.pos
        }
    }
}
