// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "blrd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "blrd", targets: ["blrd"]),
        .executable(name: "blrctl", targets: ["blrctl"]),
        .executable(name: "blr-publish", targets: ["blr-publish"]),
        .executable(name: "blr-bench", targets: ["blr-bench"]),
        .library(name: "Inference", targets: ["Inference"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        /// OpenBLAS (CBLAS) and LAPACKE from Debian's libopenblas-dev and liblapacke-dev.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        /// libzmq from Debian's libzmq3-dev.
        /// No pkgConfig: libzmq.pc adds -isystem flags (krb5) that SwiftPM prohibits; the header is in /usr/include.
        .systemLibrary(name: "CZeroMQ", providers: [.apt(["libzmq3-dev"])]),

        /// blrd's shared vocabulary, each concept defined once: the learning task and its label rule, alert kinds,
        /// numpy dtypes, example ids. No dependencies, so every module can use it.
        .target(name: "Vocabulary"),
        /// The pure Bayesian-learning-rule core: no I/O, no logging, no sockets, no database.
        .target(
            name: "Inference",
            dependencies: ["Vocabulary", "COpenBLAS", .product(name: "RealModule", package: "swift-numerics")]
        ),
        /// The only Swift code that calls libzmq: contexts, sockets, multipart messages, socket threads.
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"]),
        /// The package version and git commit every executable's `--version` prints, stamped before each build.
        .target(name: "BuildInfo", plugins: ["BuildInfoPlugin"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        /// Pure wire formats: ingest frames → validated batches; predictions, models and alerts → frames.
        .target(name: "Decode", dependencies: ["Vocabulary", "Inference"]),
        /// The SQLite store: migrations, snapshots with stream positions, alerts, dead letters.
        .target(name: "Persist", dependencies: ["Vocabulary", .product(name: "GRDB", package: "GRDB.swift")]),
        /// numpy's .npy files: a reader (float32/64, int32/64) and a float64 writer.
        .target(name: "NumpyFiles", dependencies: ["Vocabulary"]),
        /// CSV in (one reader, one set of rules) and aligned text or Markdown tables out, for the tools.
        .target(name: "Tabular"),
        .target(
            name: "ToolOptions",
            dependencies: ["ZeroMQ", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        /// Seeded synthetic streams (stationary, abrupt, gradual, recurring, prior shift) for blr-publish and tests.
        .target(name: "Synthetic", dependencies: ["Vocabulary", "Inference"]),
        /// Wiring: configuration, per-model pipelines, publisher, control endpoint, services.
        .target(
            name: "Daemon",
            dependencies: [
                "Vocabulary", "Inference", "ZeroMQ", "Decode", "Persist",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        .executableTarget(
            name: "blrd",
            dependencies: ["Daemon", "BuildInfo", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "blrctl",
            dependencies: [
                "Daemon", "Persist", "ZeroMQ", "Vocabulary", "Decode", "Inference", "NumpyFiles", "Tabular",
                "BuildInfo", "ToolOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "blr-publish",
            dependencies: [
                "ZeroMQ", "Vocabulary", "Decode", "Synthetic", "Inference", "NumpyFiles", "Tabular", "BuildInfo",
                "ToolOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "blr-bench",
            dependencies: [
                "Vocabulary", "Inference", "ZeroMQ", "Decode", "Synthetic", "NumpyFiles", "Tabular", "BuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        /// Brute-force references shared by the test targets.
        .target(name: "TestSupport", dependencies: ["Inference"]),

        .testTarget(name: "InferenceTests", dependencies: ["Inference", "TestSupport"]),
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"]),
        .testTarget(name: "VocabularyTests", dependencies: ["Vocabulary"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "DecodeTests", dependencies: ["Vocabulary", "Decode", "Inference"]),
        .testTarget(name: "PersistTests", dependencies: ["Vocabulary", "Persist"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "ZeroMQ", "Vocabulary", "Decode", "Persist", "Inference", "Synthetic", "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Snapshots written by an earlier build; the tests read them by path.
            exclude: ["SnapshotsV1"]),
        .testTarget(
            name: "ToolsTests", dependencies: ["ZeroMQ", "Vocabulary", "Decode", "Persist", "Inference", "Synthetic"]),
    ],
    swiftLanguageModes: [.v6]
)
