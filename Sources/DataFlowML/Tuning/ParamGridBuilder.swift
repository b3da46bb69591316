import DataFlow

/// Builds the grid of parameter maps a `CrossValidator` or `TrainValidationSplit` tries, as Spark's
/// `ParamGridBuilder`: every combination of the values given to `addGrid`, plus the fixed values of
/// `baseOn`.
///
/// ```swift
/// let grid = try ParamGridBuilder()
///     .addGrid(als, "rank", [5, 10])
///     .addGrid(als, "regParam", [0.1, 0.01])
///     .build()              // 4 maps: rank 5/10 × regParam 0.1/0.01
/// ```
///
/// Order: as Spark's Scala `build()`, the FIRST grid's values vary fastest — `{rank 5, reg 0.1}`,
/// `{rank 10, reg 0.1}`, `{rank 5, reg 0.01}`, `{rank 10, reg 0.01}`. (Spark iterates its grids in hash
/// order; DataFlow keeps the order of the `addGrid` calls. pyspark's `itertools.product` varies the
/// last grid fastest.) A parameter given twice keeps its first position and its last values.
public struct ParamGridBuilder: Sendable {
    struct Grid: Sendable {
        var stageUID: String?
        var name: String
        var values: [ParamValue]
    }
    var grids: [Grid] = []

    public init() {}

    /// Adds `values` for parameter `name` of `stage` (matched by the stage's uid). Fails when the stage
    /// has no such parameter or a value has the wrong type for it; ranges are checked at `fit`. Values are
    /// stored as the parameter's type (`1` for a double parameter becomes `1.0`).
    public func addGrid(_ stage: any PipelineStage, _ name: String, _ values: [ParamValue]) throws -> ParamGridBuilder {
        let names = type(of: stage).paramNames
        guard let canonical = names.first(where: { $0 == name }) ?? names.first(where: { $0.lowercased() == name.lowercased() }) else {
            throw MLError.invalidParam("ParamGridBuilder: \(type(of: stage).className) has no parameter '\(name)'; its parameters are \(names.joined(separator: ", "))")
        }
        // Each value is checked by setting it, and kept as the parameter's own type (1 → 1.0 for a double).
        let typed = try values.map { v in try stage.settingAny(canonical, v).get(canonical) ?? v }
        return adding(Grid(stageUID: stage.uid, name: canonical, values: typed))
    }

    /// Adds `values` for parameter `name` of whichever stage has it (a map entry without a stage uid).
    public func addGrid(_ name: String, _ values: [ParamValue]) -> ParamGridBuilder {
        adding(Grid(stageUID: nil, name: name, values: values))
    }

    /// Fixes parameter `name` of `stage` to `value` in every map (a grid of one value).
    public func baseOn(_ stage: any PipelineStage, _ name: String, _ value: ParamValue) throws -> ParamGridBuilder {
        try addGrid(stage, name, [value])
    }

    /// Fixes every entry of `map` in every map of the grid.
    public func baseOn(_ map: ParamMap) -> ParamGridBuilder {
        map.entries.reduce(self) { $0.adding(Grid(stageUID: $1.stageUID, name: $1.name, values: [$1.value])) }
    }

    func adding(_ grid: Grid) -> ParamGridBuilder {
        var b = self
        if let i = b.grids.firstIndex(where: { $0.stageUID == grid.stageUID && $0.name == grid.name }) {
            b.grids[i].values = grid.values
        } else {
            b.grids.append(grid)
        }
        return b
    }

    /// Every combination, the first grid varying fastest (one empty map when there are no grids; none
    /// when a grid has no values).
    public func build() -> [ParamMap] {
        var maps = [ParamMap()]
        for g in grids {
            maps = g.values.flatMap { v in
                maps.map { m in
                    var m = m
                    m.entries.append(ParamMap.Entry(stageUID: g.stageUID, name: g.name, value: v))
                    return m
                }
            }
        }
        return maps
    }
}

extension PipelineStage {
    /// `setting` through an existential: the copy as `any PipelineStage`.
    func settingAny(_ name: String, _ value: ParamValue) throws -> any PipelineStage { try setting(name, value) }
}
