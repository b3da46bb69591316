import Foundation

/// One node of a fitted decision tree, stored flat (children by index) so a tree is plain `Codable` data.
///
/// A node with `feature < 0` is a leaf. Internal nodes send `x[feature] <= threshold` to `left`,
/// everything else to `right` (Spark's continuous split).
public struct TreeNode: Sendable, Codable, Equatable {
    /// Split feature index, or -1 for a leaf.
    public var feature: Int
    public var threshold: Double
    public var left: Int
    public var right: Int
    /// Class index (classification) or mean label (regression).
    public var prediction: Double
    public var impurity: Double
    /// Information gain of this node's split (0 for leaves).
    public var gain: Double
    /// Weighted statistics: class weights (classification) or `[weight, Σwy, Σwy²]` (regression).
    public var stats: [Double]
    /// Unweighted number of training rows (bootstrap copies counted) that reached the node.
    public var rawCount: Double

    public var isLeaf: Bool { feature < 0 }
}

/// A fitted decision tree: nodes in pre-order, the root at index 0.
public struct DecisionTreeData: Sendable, Codable, Equatable {
    public var nodes: [TreeNode]
    public var numFeatures: Int
    /// Number of classes (0 for regression).
    public var numClasses: Int

    public init(nodes: [TreeNode], numFeatures: Int, numClasses: Int) {
        self.nodes = nodes
        self.numFeatures = numFeatures
        self.numClasses = numClasses
    }

    /// The index of the leaf a row reaches; `feature(i)` returns the row's i-th feature value.
    @inline(__always)
    public func leafIndex(_ feature: (Int) -> Double) -> Int {
        var i = 0
        while true {
            let node = nodes[i]
            if node.feature < 0 { return i }
            i = feature(node.feature) <= node.threshold ? node.left : node.right
        }
    }

    public func leaf(_ features: [Double]) -> TreeNode {
        nodes[leafIndex { features[$0] }]
    }

    /// Depth of the tree (a single leaf has depth 0), as Spark's `depth`.
    public var depth: Int {
        func walk(_ i: Int) -> Int {
            let n = nodes[i]
            return n.isLeaf ? 0 : 1 + max(walk(n.left), walk(n.right))
        }
        return nodes.isEmpty ? 0 : walk(0)
    }

    public var numNodes: Int { nodes.count }

    /// Unnormalised importances of this tree: Σ gain · weighted count over the nodes that split on each feature.
    func rawImportances() -> [Double] {
        var imp = [Double](repeating: 0, count: numFeatures)
        for n in nodes where !n.isLeaf {
            let count = numClasses > 0 ? n.stats.reduce(0, +) : n.stats[0]
            imp[n.feature] += n.gain * count
        }
        return imp
    }

    /// Spark's `toDebugString` body: `If (feature 2 <= 2.45)` / `Else (feature 2 > 2.45)` / `Predict: 0.0`,
    /// indented one space per level starting at `indent`.
    public func debugLines(indent: Int = 2) -> [String] {
        var lines: [String] = []
        func walk(_ i: Int, _ level: Int) {
            let n = nodes[i]
            let pad = String(repeating: " ", count: level)
            if n.isLeaf {
                lines.append(pad + "Predict: " + javaDouble(n.prediction))
            } else {
                lines.append(pad + "If (feature \(n.feature) <= \(javaDouble(n.threshold)))")
                walk(n.left, level + 1)
                lines.append(pad + "Else (feature \(n.feature) > \(javaDouble(n.threshold)))")
                walk(n.right, level + 1)
            }
        }
        if !nodes.isEmpty { walk(0, indent) }
        return lines
    }
}

/// Feature importances of an ensemble as Spark computes them: each tree's importances normalised to sum 1,
/// summed over trees, and the sum normalised to 1.
func ensembleFeatureImportances(_ trees: [DecisionTreeData], numFeatures: Int) -> [Double] {
    var total = [Double](repeating: 0, count: numFeatures)
    for tree in trees {
        let imp = tree.rawImportances()
        let s = imp.reduce(0, +)
        if s > 0 { for j in 0..<numFeatures { total[j] += imp[j] / s } }
    }
    let s = total.reduce(0, +)
    if s > 0 { for j in 0..<numFeatures { total[j] /= s } }
    return total
}

/// Java's `Double.toString` for the values trees print (plain decimals in [1e-3, 1e7), else `d.dddE±n`).
func javaDouble(_ v: Double) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
    let a = abs(v)
    if a == 0 || (a >= 1e-3 && a < 1e7) {
        var s = "\(v)"
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }
    // Swift prints e.g. 1e-05 / 1.5e+20; Java prints 1.0E-5 / 1.5E20.
    let parts = "\(v)".split(separator: "e")
    guard parts.count == 2, let exp = Int(parts[1]) else { return "\(v)" }
    var mant = String(parts[0])
    if !mant.contains(".") { mant += ".0" }
    return "\(mant)E\(exp)"
}
