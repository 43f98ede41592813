import ADMFTestSupport
import Foundation
import Indicators
import Market
import Reports
import Signals
import Testing
import Workflow

/// `feature_engineering`: causal features (a feature at bar t never changes when later bars are
/// removed), agreeing with their definitions, stored columnar in the signal store.
@Suite("feature_engineering: causal features, stored columnar")
struct FeatureEngineeringTests {
    static func spy() throws -> BarSeries {
        try CSVBarLoader().load(path: RepositoryPaths.data.appendingPathComponent("SPY_daily.csv").path, symbol: "SPY").slice(0..<600)
    }

    static func same(_ a: ArraySlice<Double>, _ b: ArraySlice<Double>) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }

    @Test("every technical feature at bar t reads bars up to t only: cutting later bars changes no earlier value")
    func causal() throws {
        let bars = try Self.spy()
        for feature in TechnicalFeature.defaults + [TechnicalFeature(name: "volatility_63"), TechnicalFeature(name: "sma_ratio_5_200")].compactMap({ $0 }) {
            let full = feature.compute(bars, periodsPerYear: 252)
            for cut in [30, 77, 250, 599] {
                let part = feature.compute(bars.slice(0..<cut), periodsPerYear: 252)
                #expect(Self.same(full[0..<cut], part[0..<cut]), "\(feature.name) at cut \(cut)")
            }
        }
    }

    @Test("technical features agree with their definitions")
    func definitions() throws {
        let bars = try Self.spy()
        let close = bars.close
        let r5 = try #require(TechnicalFeature(name: "return_5")).compute(bars, periodsPerYear: 252)
        #expect(r5[4].isNaN && abs(r5[100] - (close[100] / close[95] - 1)) < 1e-12)
        let rsi = try #require(TechnicalFeature(name: "rsi_14")).compute(bars, periodsPerYear: 252)
        #expect(Self.same(rsi[...], Indicators.rsi(close, period: 14)[...]))
        let vol = try #require(TechnicalFeature(name: "volatility_20")).compute(bars, periodsPerYear: 252)
        let returns = (81...100).map { close[$0] / close[$0 - 1] - 1 }
        let mean = returns.reduce(0, +) / 20
        let expected = (returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20 * 252).squareRoot()
        #expect(abs(vol[100] - expected) < 1e-12 && vol[19].isNaN && vol[20].isFinite)
        #expect(TechnicalFeature(name: "rsi_0") == nil && TechnicalFeature(name: "momentum_5") == nil && TechnicalFeature(name: "volume_z_1") == nil)
    }

    @Test("the phase stores one columnar file per symbol with every feature; alternative data is joined as of each bar")
    func phase() throws {
        let fixture = try WorkflowFixture("""
            workflow: {name: "features", seed: 3, checkpointing: {checkpoint_location: "CHECKPOINTS"}}
            data: {symbols: ["SPY", "QQQ"], path: "DATA", start_date: "2015-01-02", end_date: "2018-12-31"}
            phases:
              - name: feature_engineering
                type: feature_engineering
                config: {feature_types: ["technical", "fundamental", "sentiment"]}
                outputs: [features]
            reporting: {output_path: "REPORTS"}
            """)
        try fixture.run()
        let features = try #require(try fixture.outputs()["phases"]?["feature_engineering"]?["outputs"]?["features"])
        let list = try #require(features["features"]?.arrayValue)
        let names = list.compactMap { $0["name"]?.stringValue }
        #expect(names.prefix(7) == ["return_1", "return_5", "return_20", "volatility_20", "rsi_14", "sma_ratio_10_50", "volume_z_20"])
        #expect(names.contains("economic.wti_usd") && names.contains("sentiment.score.change_20"))
        #expect(features["contains_synthetic_data"] == .bool(true))
        #expect(list.first { $0["name"]?.stringValue == "sentiment.score" }?["first_valid"]?.stringValue == "2015-01-05")
        let store = DirectorySignalStore(root: fixture.directory.appendingPathComponent("checkpoints/signals").path)
        for symbol in try #require(features["symbols"]?.arrayValue) {
            let key = try #require(symbol["key"]?.stringValue.flatMap(SignalKey.init(hex:)))
            let frame = try #require(try store.get(key))
            #expect(frame.columns.map(\.name) == names)
            #expect(frame.count == symbol["bars"]?.intValue)
        }
    }
}
