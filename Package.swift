// swift-tools-version: 6.0
import PackageDescription

// AVX2 and friends are opt-in (DATAFLOW_MARCH=x86-64-v3 swift build -c release): unsafe flags
// always on would make the package unusable as a version-based dependency.
let marchFlags: [SwiftSetting] = Context.environment["DATAFLOW_MARCH"].map {
    [.unsafeFlags(["-Xcc", "-march=\($0)"])]
} ?? []
let common: [SwiftSetting] = [.swiftLanguageMode(.v6)] + marchFlags

let package = Package(
    name: "DataFlow",
    products: [
        .library(name: "DataFlow", targets: ["DataFlow"]),
        .library(name: "DataFlowML", targets: ["DataFlowML"]),
        .executable(name: "dfs", targets: ["dfs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Debian's libsnappy-dev may ship no pkg-config file: the modulemap links `snappy` itself.
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // BLAS/LAPACK for DataFlowML; the modulemap links `openblas` and `lapacke` itself.
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .target(name: "CDataFlowSupport"),
        .target(name: "DataFlowColumnar", dependencies: ["CDataFlowSupport"], swiftSettings: common),
        .target(name: "DataFlowFormats", dependencies: ["DataFlowColumnar", "CZlib", "CSnappy", "CZstd"], swiftSettings: common),
        .target(name: "DataFlowEngine", dependencies: ["CDataFlowSupport", "CZlib", "DataFlowColumnar", "DataFlowFormats"], swiftSettings: common),
        .target(name: "DataFlowSQL", dependencies: ["DataFlowColumnar", "DataFlowEngine"], swiftSettings: common),
        .target(name: "DataFlowTables", dependencies: ["DataFlowColumnar", "DataFlowFormats", "DataFlowEngine"], swiftSettings: common),
        .target(name: "DataFlow", dependencies: ["DataFlowEngine", "DataFlowFormats", "DataFlowColumnar", "DataFlowSQL", "DataFlowTables"], swiftSettings: common),
        .target(name: "DataFlowML", dependencies: ["DataFlow", "DataFlowEngine", "DataFlowColumnar", "DataFlowFormats", "COpenBLAS"], swiftSettings: common),
        .target(name: "DataFlowScript", dependencies: ["DataFlow", "DataFlowEngine", "DataFlowColumnar", "DataFlowML"], swiftSettings: common),
        .executableTarget(name: "dfs", dependencies: [
            "DataFlow", "DataFlowScript", "CLibEdit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: common),
        // Appends numbered batches to a Delta table in a loop (crash-safety tests kill it at random points).
        .executableTarget(name: "delta-stress", dependencies: ["DataFlowTables", "DataFlowColumnar"],
                          path: "Sources/DeltaStress", swiftSettings: common),
        .executableTarget(name: "movielens-gen", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/MovieLensGen", swiftSettings: common),
        .target(name: "DataFlowBench", dependencies: ["DataFlow", "DataFlowFormats"], swiftSettings: common),
        .executableTarget(name: "dfs-bench", dependencies: [
            "DataFlow", "DataFlowBench", "DataFlowFormats", "DataFlowML", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/DFSBench", swiftSettings: common),
        .executableTarget(name: "recommender-etl", dependencies: ["DataFlow"],
                          path: "Sources/RecommenderETL", swiftSettings: common),
        // Helpers the test targets share: running programs (posix_spawn), finding Python.
        .target(name: "DataFlowTestSupport", path: "Tests/Support", swiftSettings: common),
        .testTarget(name: "DataFlowColumnarTests", dependencies: ["DataFlowColumnar"], swiftSettings: common),
        .testTarget(name: "DataFlowFormatsTests", dependencies: ["DataFlowFormats", "DataFlowTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: common),
        .testTarget(name: "DataFlowEngineTests", dependencies: ["DataFlowEngine"], swiftSettings: common),
        .testTarget(name: "DataFlowSQLTests", dependencies: ["DataFlowSQL"], swiftSettings: common),
        .testTarget(name: "SQLLogicTests", dependencies: ["DataFlow"], resources: [.copy("slt"), .copy("tpch")], swiftSettings: common),
        .testTarget(name: "DataFlowBenchTests", dependencies: ["DataFlowBench"], swiftSettings: common),
        .testTarget(name: "DataFlowScriptTests", dependencies: ["DataFlowScript", "DataFlowML", "DataFlowTestSupport"], swiftSettings: common),
        // Runs the built `dfs` binary (CLI modes, and the REPL through a pseudo-terminal).
        .testTarget(name: "DFSCLITests", dependencies: ["dfs", "DataFlowTestSupport"], swiftSettings: common),
        .testTarget(name: "DataFlowTablesTests", dependencies: ["DataFlowTables", "DataFlow", "DataFlowTestSupport", "delta-stress"],
                    resources: [.copy("Fixtures")], swiftSettings: common),
        .testTarget(name: "DataFlowMLTests", dependencies: ["DataFlowML", "DataFlowTestSupport"], resources: [.copy("Fixtures")], swiftSettings: common),
        .testTarget(name: "DataFlowTests", dependencies: ["DataFlow", "DataFlowTestSupport"], resources: [.copy("Fixtures")], swiftSettings: common),
    ]
)
