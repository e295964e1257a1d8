// swift-tools-version: 6.1
// The measurement behind Sources/Tabular/CSVTable.swift's choice of its own reader: SwiftCSV 0.10.0 and
// yaslab/CSV.swift 2.5.2 (the CSV packages kept in the package mirror) beside blrd's reader, on the same file.
// `swift run -c release --package-path bench/csv-compare`; not part of blrd's build.
import PackageDescription

let package = Package(
    name: "csv-compare",
    dependencies: [
        .package(url: "https://github.com/swiftcsv/SwiftCSV", exact: "0.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
    ],
    targets: [
        .target(name: "Tabular"),
        .executableTarget(
            name: "CSVCompare",
            dependencies: [
                "Tabular", .product(name: "SwiftCSV", package: "SwiftCSV"), .product(name: "CSV", package: "CSV.swift"),
            ]),
    ],
    swiftLanguageModes: [.v5]
)
