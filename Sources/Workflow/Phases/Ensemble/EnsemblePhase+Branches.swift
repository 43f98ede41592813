import Backtest
import Market
import Metrics
import Reports

extension EnsemblePhase {
    /// An ensemble of research branches (``BranchMembers``): every method is built and
    /// backtested on the bars all members cover out of sample; `hierarchical_voting` votes
    /// within each branch, then across branches. Besides the usual outputs, the performance
    /// metrics and contribution analysis report each branch: its members, its share of the
    /// weights, its own sub-ensemble's objective and the chosen ensemble's objective without it.
    func runBranches(_ context: PhaseContext) throws -> PhaseResult {
        var config = backtest
        config.periodsPerYear = context.data.periodsPerYear
        let branches = try BranchMembers(inputs: context.inputs, data: context.data, phase: name, seed: context.seed,
                                         signalDirectory: context.signalDirectory, backtest: config)
        let range = branches.range
        let bars = context.data.full.map { $0.slice(range) }
        let builder = EnsembleBuilder(branches: branches, bars: bars, backtest: config, settings: settings, objective: objective)
        let all = Array(branches.members.indices)
        let results = try methods.map { try builder.evaluate($0, members: all) }
        guard let chosen = objective.rank(Array(results.indices), value: { results[$0].objective }, index: { $0 }).first else {
            throw WorkflowError(phase: name, "no ensemble method could be evaluated")
        }
        let best = results[chosen]
        let evaluated: JSONValue = .string("\(context.data.date(range.lowerBound)) … \(context.data.date(range.upperBound - 1))")
        let members: JSONValue = .array(branches.members.enumerated().map { i, member in
            .object([("member", .string("m\(i)")), ("label", .string(member.label)), ("branch", .string(member.branch)),
                     ("strategy", .string(member.strategy)), ("parameters", builder.members[i].parametersJSON),
                     ("out_of_sample_from", .string(context.data.date(member.covered.lowerBound)))])
        })
        let branchRows = try branchContributions(best, branches: branches, builder: builder)
        var artifacts: [Artifact] = []
        for output in context.requestedOutputs {
            switch output {
            case "ensemble_weights", "optimal_ensemble_weights":
                var weights = builder.weights(best, segment: .full)
                weights.notes += [("evaluated_on", evaluated), ("branch_members", members),
                                  ("members_are", .string("out-of-sample signal streams of research branches: walk-forward members are not re-tradable from parameters"))]
                artifacts.append(Artifact(name: output, kind: .ensembleWeights, value: weights.json))
            case "ensemble_performance_metrics":
                let performance = try builder.performance(results, chosen: best.built.method)
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object((performance.objectValue ?? []) + [
                    ("evaluated_on", evaluated), ("bars", .integer(range.count)), ("branch_members", members),
                    ("branches", branchRows),
                ])))
            case "ensemble_contribution_analysis":
                let contributions = try builder.contributions(best)
                artifacts.append(Artifact(name: output, kind: .metrics, value: .object((contributions.objectValue ?? []) + [
                    ("branches", branchRows),
                ])))
            default:
                continue
            }
        }
        var result = PhaseResult(artifacts: artifacts)
        result.seen = range
        let sample = builder.sample(best.built.method)
        for artifact in artifacts { result.sampleByOutput[artifact.name] = sample }
        return result
    }

    /// Per branch: its members, their share of the chosen ensemble's weights (under
    /// `hierarchical_voting` the branch's vote, 1/branches), the objective of
    /// the branch alone (the same method over its members only) and the chosen ensemble's
    /// objective rebuilt without it (contribution = ensemble − without).
    func branchContributions(_ best: EnsembleBuilder.Evaluated, branches: BranchMembers, builder: EnsembleBuilder) throws -> JSONValue {
        var names: [String] = []
        for member in branches.members where !names.contains(member.branch) { names.append(member.branch) }
        let total = best.built.weights.reduce(0) { $0 + abs($1) }
        // Hierarchical voting gives every branch's vote the same say, whatever its member count.
        let voting = best.built.method == .hierarchicalVoting
        return .array(try names.map { branch in
            let own = branches.members.indices.filter { branches.members[$0].branch == branch }
            let rest = branches.members.indices.filter { branches.members[$0].branch != branch }
            let alone = try builder.evaluate(best.built.method, members: own)
            let without = rest.isEmpty ? nil : try builder.evaluate(best.built.method, members: rest)
            let share = voting ? 1 / Double(names.count)
                : own.compactMap { i in best.members.firstIndex(of: i).map { abs(best.built.weights[$0]) } }.reduce(0, +) / total
            return .object([
                ("branch", .string(branch)),
                ("members", .array(own.map { .string(branches.members[$0].label) })),
                ("weight_share", .number(voting || total > 0 ? share : .nan)),
                ("objective_alone", .number(alone.objective)),
                ("objective_without", without.map { .number($0.objective) } ?? .null),
                ("contribution", without.map { .number(best.objective - $0.objective) } ?? .null),
                ("metrics_alone", MetricsJSON.summary(alone.summary)),
            ])
        })
    }
}
