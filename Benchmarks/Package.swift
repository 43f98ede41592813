// swift-tools-version: 6.0
// Benchmarks for ADMF, kept out of the root package (run with `swift run -c release --package-path Benchmarks SamplerBench`).
import PackageDescription

let package = Package(
    name: "ADMFBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "ADMF", path: ".."),
    ],
    targets: [
        .executableTarget(name: "SamplerBench", dependencies: [
            .product(name: "Optimization", package: "ADMF"),
        ]),
        // Fit times of the Learning classifiers (`swift run -c release --package-path Benchmarks LearningBench`).
        .executableTarget(name: "LearningBench", dependencies: [
            .product(name: "Learning", package: "ADMF"),
            .product(name: "Ensembles", package: "ADMF"),
            .product(name: "Market", package: "ADMF"),
        ]),
    ]
)
