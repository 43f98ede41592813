import Foundation
import Market

extension WorkflowPlanner {
    /// Loads the workflow's data for a check, turning a loading failure into an error located at
    /// the `data:` section (a missing file, too few bars between the dates, a malformed row).
    public static func loadData(_ plan: WorkflowPlan) throws -> WorkflowData? {
        guard let dataPlan = plan.data else { return nil }
        do {
            return try WorkflowData.load(dataPlan)
        } catch let error as ConfigError {
            throw error
        } catch {
            let node = plan.document.data?.node
            let dateNode = node?.child("start_date") ?? node?.child("end_date")
            let message = "\(error)".replacingOccurrences(of: "admf: ", with: "")
            if let node = dateNode ?? node {
                throw node.error(message, hint: dateNode == nil ? nil : "the dates must lie inside the data")
            }
            throw error
        }
    }

    /// The checks that need the bars: every walk-forward phase must hold at least one window
    /// (after its input candidates' training bars, under the lineage rule). `admf validate`
    /// and `admf run` both make them before any phase runs.
    public static func checkData(_ plan: WorkflowPlan, data: WorkflowData) throws {
        let phases = Dictionary(plan.allPhases.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let n = data.full.first?.count ?? 0
        for phase in plan.allPhases {
            guard let walk = phase.phase as? WalkForwardPhase else { continue }
            var firstTest = 0
            if walk.search == nil, !walk.allowInSample {
                for input in phase.inputs {
                    let halves = StaticLineage.seen(input.producer, input.output, phases: phases)
                    if halves.test { firstTest = n } else if halves.train { firstTest = max(firstTest, data.splitIndex) }
                }
            }
            guard walk.windows(count: n, firstTest: firstTest).isEmpty else { continue }
            let node = phase.node.child("config") ?? phase.node
            let windowNode = node.child("walk_forward")?.child("train_period_days") ?? node
            let remaining = n - min(n, max(firstTest, 0))
            let after = firstTest > 0
                ? " after the \(firstTest) bars its input candidates were chosen on (\(remaining) bars, \(data.date(min(firstTest, n - 1))) … \(data.date(n - 1)), remain)"
                : " (\(n) bars, \(data.date(0)) … \(data.date(n - 1)))"
            throw windowNode.error(
                "walk-forward '\(phase.name)' cannot fit one window of \(walk.train) training + \(walk.test) test bars in the data\(after)",
                hint: "shorten train_period_days or test_period_days, use more data, or choose the candidates on fewer bars")
        }
    }
}
