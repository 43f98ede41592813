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
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Regimes", targets: ["Regimes"]),
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "Ensembles", targets: ["Ensembles"]),
        .library(name: "Learning", targets: ["Learning"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Signals", targets: ["Signals"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Live", targets: ["Live"]),
        .library(name: "LiveConnectors", targets: ["LiveConnectors"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "Workflow", targets: ["Workflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
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
        // Signals → orders → fills → portfolio, costs, sizing, stops, leverage, financing.
        .target(name: "Backtest", dependencies: ["Market", "Indicators", "Metrics"]),
        // Drawdowns, regimes, correlation, Monte Carlo, risk, market conditions.
        .target(name: "Analysis", dependencies: ["Market", "Metrics"]),
        // Regime detection: Gaussian HMM, k-means, PELT change points, features, model selection.
        .target(name: "Regimes", dependencies: ["Market", "Indicators", "Metrics"]),
        // Search spaces, grid and random search, parallel deterministic evaluation, importance.
        .target(name: "Optimization", dependencies: ["Market", "Strategies"]),
        // Ensemble mathematics: logistic regression, purged K-fold, stacking, voting, constrained weights.
        .target(name: "Ensembles"),
        // Machine-learning classifiers for next-bar direction: gradient-boosted trees, an MLP (L-BFGS),
        // the Ensembles logistic regression behind one Classifier protocol, standardisation, purged CV.
        .target(name: "Learning", dependencies: ["Ensembles", "Market"]),
        // The run store: SQLite through GRDB, versioned migrations, transactional writes.
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // Captured signals: content-addressed binary files (change-point encoded columns, CRC-checked).
        .target(name: "Signals", dependencies: ["Market", "Strategies"]),
        // Live trading without a network: bar feeds (replay on a clock, JSON lines), brokers (paper on
        // the backtester's fill model), risk limits, rollout and rollback, the session loop and its journal.
        .target(name: "Live", dependencies: ["Market", "Backtest", "Metrics"]),
        // Live trading over the network: Alpaca's market-data WebSocket stream as a bar feed and its Trading
        // API v2 as a broker, on SwiftNIO (TLS through NIOSSL); credentials from the environment, redacted.
        .target(name: "LiveConnectors", dependencies: [
            "Live", "Market", "Signals",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The read-only web dashboard over run stores (admf serve): SwiftNIO HTTP/1.1, server-sent events.
        .target(name: "Dashboard", dependencies: [
            "Store", "Reports",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        // Reports: deterministic JSON, tables, HTML with inline SVG charts, CSV, atomic files.
        .target(name: "Reports", dependencies: ["Market", "Metrics", "Backtest"]),
        // The workflow engine: config model, phase graph, phase types, runner, policies, checkpoints.
        .target(name: "Workflow", dependencies: [
            "Market", "Indicators", "Metrics", "Strategies", "Backtest", "Analysis", "Regimes", "Optimization", "Store",
            "Reports", "Signals", "Ensembles", "Learning", "Live", .product(name: "Yams", package: "Yams"),
            .product(name: "Collections", package: "swift-collections"),
        ]),
        // The command-line tool: argument parsing and wiring only.
        .executableTarget(name: "admf", dependencies: [
            "Market", "Indicators", "Metrics", "Strategies", "Backtest", "Reports", "Store", "Workflow", "Live", "LiveConnectors", "Dashboard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared test helpers: fixture loading, tolerance assertions, paths to bundled data.
        .target(name: "ADMFTestSupport", path: "Tests/ADMFTestSupport"),
        .target(name: "LiveTestSupport", dependencies: ["Live"], path: "Tests/LiveTestSupport"),
        .testTarget(name: "MarketTests", dependencies: ["Market", "ADMFTestSupport"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "ADMFTestSupport"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "ADMFTestSupport"]),
        .testTarget(name: "StrategiesTests", dependencies: ["Strategies", "Market", "Indicators", "ADMFTestSupport"]),
        .testTarget(name: "BacktestTests", dependencies: ["Backtest", "Strategies", "Market", "Indicators", "ADMFTestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Market", "Metrics", "ADMFTestSupport"]),
        .testTarget(name: "RegimesTests", dependencies: ["Regimes", "Market", "ADMFTestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ADMFTestSupport"]),
        .testTarget(name: "ReportsHTMLTests", dependencies: ["Reports"]),
        .testTarget(name: "WorkflowConfigTests", dependencies: ["Workflow", "Market", "ADMFTestSupport"]),
        .testTarget(name: "WorkflowTests", dependencies: ["Workflow", "Reports", "Store", "Metrics", "Analysis", "Market", "Indicators", "Signals", "ADMFTestSupport",
                                                        "LiveTestSupport", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "Strategies", "ADMFTestSupport"]),
        .testTarget(name: "EnsemblesTests", dependencies: ["Ensembles", "ADMFTestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "Ensembles", "ADMFTestSupport"]),
        .testTarget(name: "SignalsTests", dependencies: ["Signals", "Market", "Strategies", "ADMFTestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "ADMFTestSupport"]),
        .testTarget(name: "LiveTests", dependencies: ["Live", "Backtest", "Market", "ADMFTestSupport", "LiveTestSupport"]),
        .testTarget(name: "LiveConnectorsTests", dependencies: [
            "LiveConnectors", "Live", "Backtest", "Market",
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "Store", "Reports", "ADMFTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["admf", "ADMFTestSupport"]),
    ]
)
