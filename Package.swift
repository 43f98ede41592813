// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ADMF",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "admf", targets: ["admf"]),
        .library(name: "Market", targets: ["Market"]),
        .library(name: "Indicators", targets: ["Indicators"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "Strategies", targets: ["Strategies"]),
        .library(name: "Backtest", targets: ["Backtest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Bars, CSV loading and validation, data directories, calendars, splits, synthetic data.
        .target(name: "Market", dependencies: [
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // Technical indicators over contiguous Double arrays (batch and incremental).
        .target(name: "Indicators"),
        // The one performance-statistics module (returns → Sharpe, Sortino, drawdown, ...).
        .target(name: "Metrics"),
        // Strategies: bars + indicators → signal series, with declared parameters.
        .target(name: "Strategies", dependencies: ["Market", "Indicators"]),
        // Signals → orders → fills → portfolio, costs, sizing, stops; fast sweep kernels.
        .target(name: "Backtest", dependencies: ["Market", "Indicators", "Metrics"]),
        // The command-line tool: argument parsing and wiring only.
        .executableTarget(name: "admf", dependencies: [
            "Market", "Indicators", "Metrics", "Strategies", "Backtest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared test helpers: fixture loading, tolerance assertions, paths to bundled data.
        .target(name: "ADMFTestSupport", path: "Tests/ADMFTestSupport"),
        .testTarget(name: "MarketTests", dependencies: ["Market", "ADMFTestSupport"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "ADMFTestSupport"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "ADMFTestSupport"]),
        .testTarget(name: "StrategiesTests", dependencies: ["Strategies", "Market", "ADMFTestSupport"]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", "Strategies", "Market", "ADMFTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ADMFTestSupport"]),
    ]
)
