import DataFlow
import DataFlowML

/// An ML stage (estimator, model, transformer, evaluator) held by a script variable.
struct StageObject: ScriptObject {
    let stage: any PipelineStage
    var typeName: String { type(of: stage).className }
    var summary: String {
        let p = stage.paramSummary
        return typeName + "(" + (p.isEmpty ? "uid=\"\(stage.uid)\"" : p) + ")"
    }
    var methods: [ScriptBinding] { MLBindings.methods(of: stage) }
}

/// A stage class by name, for its static methods: `ALSModel.load("models/als")`.
struct StageClassObject: ScriptObject {
    let type: any PipelineStage.Type
    var typeName: String { type.className }
    var summary: String { "class \(type.className)" }
    var methods: [ScriptBinding] {
        let t = type
        return [
            ScriptBinding("load", 1...1, action: true, signature: "\(t.className).load(path)",
                          doc: "Loads a \(t.className) saved with save(path) (from Swift or a script).") { c in
                let stage = try ML.load(try c.string(0))
                guard Swift.type(of: stage).className == t.className else {
                    throw c.fail("\(c.value(0).text) holds a \(Swift.type(of: stage).className), not a \(t.className)", at: 0)
                }
                return .object(StageObject(stage: stage))
            },
        ]
    }
}

/// The script side of DataFlowML: every stage class in `StageRegistry` is a constructor taking its
/// parameters by their Spark names (`ALS(userCol: "userId", rank: 10)`); a stage's methods come from its
/// parameter table (`als.rank`, `als.getRank()`, `als.setRank(20)`) and its kind (`fit`, `transform`,
/// `evaluate`, `save`), plus the model-specific methods listed in `extras`.
enum MLBindings {
    /// `ALS(...)`: the constructor binding of a registered stage class.
    static func constructor(_ name: String) -> ScriptBinding? {
        if name == "ParamGridBuilder" { return gridBuilder }
        guard let t = StageRegistry.type(named: name) else { return nil }
        let labels = t.paramNames + (stageArguments[name] ?? [])
        return ScriptBinding(name, 0...0, labels: labels, signature: name + "(" + labels.map { "\($0):" }.joined(separator: ", ") + ")",
                             doc: "Spark ML's \(name). Parameters: \(t.paramNames.joined(separator: ", ")).") { c in
            var stage: any PipelineStage = t.init()
            for (label, value) in c.labeled.sorted(by: { $0.key < $1.key }) {
                if let special = stageArgumentSetters[label], stageArguments[name]?.contains(label) == true {
                    stage = try special(stage, value, c)
                    continue
                }
                do { try stage.set(label, try paramValue(value, label, c)) } catch let e as DataFlowError {
                    throw c.failLabel(label, e.message)
                }
            }
            return .object(StageObject(stage: stage))
        }
    }

    /// A script value as a parameter value.
    static func paramValue(_ v: ScriptValue, _ label: String, _ c: ScriptCall) throws -> ParamValue {
        switch v {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .column(let col):
            if case .column(let n, nil) = col.expr { return .string(n) }
        case .list(let items):
            if items.isEmpty { return .strings([]) }
            if items.allSatisfy({ if case .string = $0 { return true }; return false }) {
                return .strings(items.map(\.text))
            }
            if items.allSatisfy({ if case .int = $0 { return true }; return false }) {
                return .ints(items.map { if case .int(let i) = $0 { return Int(i) }; return 0 })
            }
            var ds: [Double] = []
            for item in items {
                switch item {
                case .int(let i): ds.append(Double(i))
                case .double(let d): ds.append(d)
                default: throw c.failLabel(label, "'\(label):' must be a list of numbers or of strings")
                }
            }
            return .doubles(ds)
        default: break
        }
        throw c.failLabel(label, "'\(label):' cannot be a \(v.typeName)")
    }

    static func scriptValue(_ v: ParamValue) -> ScriptValue {
        switch v {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .strings(let a): return .list(a.map { .string($0) })
        case .doubles(let a): return .list(a.map { .double($0) })
        case .ints(let a): return .list(a.map { .int(Int64($0)) })
        case .none: return .null
        }
    }

    static func receiverStage(_ c: ScriptCall) throws -> any PipelineStage {
        guard case .object(let o) = c.receiver, let s = (o as? StageObject)?.stage else { throw c.fail("\(c.name)() needs an ML stage") }
        return s
    }

    static func methods(of stage: any PipelineStage) -> [ScriptBinding] {
        let t = type(of: stage)
        var out: [ScriptBinding] = []
        for name in t.paramNames {
            let cap = name.prefix(1).uppercased() + name.dropFirst()
            out.append(ScriptBinding(name, property: true, doc: "The \(name) parameter.") { c in
                scriptValue(try receiverStage(c).get(name) ?? .none)
            })
            out.append(ScriptBinding("get" + cap, doc: "The \(name) parameter.") { c in
                scriptValue(try receiverStage(c).get(name) ?? .none)
            })
            out.append(ScriptBinding("set" + cap, 1...1, signature: "set\(cap)(value)", doc: "A copy with \(name) set.") { c in
                var s = try receiverStage(c)
                do { try s.set(name, try paramValue(c.value(0), name, c)) } catch let e as DataFlowError { throw c.fail(e.message, at: 0) }
                return .object(StageObject(stage: s))
            })
        }
        out.append(ScriptBinding("uid", property: true, doc: "The stage's unique id.") { c in .string(try receiverStage(c).uid) })
        out.append(ScriptBinding("explainParams", doc: "Every parameter with its doc, default and current value.") { c in
            .string(try receiverStage(c).explainParams())
        })
        out.append(ScriptBinding("save", 1...1, labels: ["overwrite"], action: true, signature: "save(path, overwrite:)",
                                 doc: "Saves the stage to a folder (metadata.json + data/); loads back with \(t.className).load(path) in Swift or a script.") { c in
            try receiverStage(c).save(try c.string(0), overwrite: try c.bool("overwrite") ?? false)
            return .null
        })
        if stage is any Estimator {
            out.append(ScriptBinding("fit", 1...1, action: true, signature: "fit(df)", doc: "Fits the estimator to a DataFrame and returns the model.") { c in
                guard let e = try receiverStage(c) as? any Estimator else { throw c.fail("fit() needs an estimator") }
                return .object(StageObject(stage: try e.fitModel(try c.frame(0))))
            })
        }
        if stage is any Transformer {
            out.append(ScriptBinding("transform", 1...1, signature: "transform(df)", doc: "Adds the stage's output columns to a DataFrame.") { c in
                guard let tr = try receiverStage(c) as? any Transformer else { throw c.fail("transform() needs a transformer") }
                return .frame(try tr.transform(try c.frame(0)))
            })
        }
        if stage is any Evaluator {
            out.append(ScriptBinding("evaluate", 1...1, action: true, signature: "evaluate(df)", doc: "The metric over a DataFrame of predictions.") { c in
                guard let ev = try receiverStage(c) as? any Evaluator else { throw c.fail("evaluate() needs an evaluator") }
                return .double(try ev.evaluate(try c.frame(0)))
            })
            out.append(ScriptBinding("isLargerBetter", property: true, doc: "True when a larger metric is better.") { c in
                guard let ev = try receiverStage(c) as? any Evaluator else { throw c.fail("isLargerBetter needs an evaluator") }
                return .bool(ev.isLargerBetter)
            })
        }
        if let p = stage as? PipelineModel {
            out.append(ScriptBinding("stages", property: true, doc: "The fitted stages.") { _ in .list(p.stages.map { .object(StageObject(stage: $0)) }) })
        }
        if let p = stage as? Pipeline {
            out.append(ScriptBinding("stages", property: true, doc: "The stages.") { _ in .list(p.stages.map { .object(StageObject(stage: $0)) }) })
        }
        return out + (extras[t.className] ?? [])
    }

}
