// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "blrd",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Inference", targets: ["Inference"]),
        .executable(name: "blr-bench", targets: ["blr-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        /// OpenBLAS (CBLAS) and LAPACKE from Debian's libopenblas-dev and liblapacke-dev.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        /// The pure Bayesian-learning-rule core: no I/O, no logging, no sockets, no database.
        .target(
            name: "Inference",
            dependencies: ["COpenBLAS", .product(name: "RealModule", package: "swift-numerics")],
        ),
        .executableTarget(
            name: "blr-bench",
            dependencies: [
                "Inference",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "InferenceTests", dependencies: ["Inference"]),
    ],
    swiftLanguageModes: [.v6]
)
