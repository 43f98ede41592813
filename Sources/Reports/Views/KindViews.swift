/// Designed views by output kind, for the kinds whose JSON the generic view would flatten into
/// dotted column names and raw arrays: ranked parameter sets, ensemble weights, regime labels and
/// captured signals, machine-learning models. Each returns the tables it showed (for CSV), or nil to fall back.
enum KindViews {
    static func add(kind: String, name: String, _ value: JSONValue, to report: inout HTMLReport) -> [ReportTable]? {
        switch kind {
        case "parameter_sets": return parameterSets(value, name: name, to: &report)
        case "ensemble_weights": return ensembleWeights(value, name: name, to: &report)
        case "regime_labels": return regimeLabels(value, name: name, to: &report)
        case "captured_signals": return capturedSignals(value, name: name, to: &report)
        case "models": return models(value, name: name, to: &report)
        default: return nil
        }
    }

    /// `fast_period 21 · signal_threshold 0.01` — a parameter set on one line; fractional values
    /// to 6 significant digits (the JSON beside the report keeps every digit).
    static func parameters(_ value: JSONValue?) -> String {
        (value?.objectValue ?? []).map { "\($0.0) \($0.1.doubleValue.map(shortNumber) ?? $0.1.stringValue ?? "?")" }
            .joined(separator: " · ")
    }

    /// Whole numbers as integers, others to 6 significant digits.
    static func shortNumber(_ value: Double) -> String {
        guard value.isFinite, value.rounded() != value else { return JSONValue.format(value) }
        return JSONValue.format(Double(String(format: "%.6g", value)) ?? value)
    }

    static func number(_ value: JSONValue?, decimals: Int = 4) -> ReportCell {
        value?.doubleValue.map { .number($0, decimals: decimals) } ?? .empty
    }

    /// A history of trials (`{"objective", "trials": [{trial, strategy, parameters, objective_value,
    /// metrics…}]}`): one row per trial whatever its strategy's parameters, sorted as stored.
    static func trialHistory(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let trials = value["trials"]?.arrayValue, !trials.isEmpty else { return nil }
        let objective = value["objective"]?.stringValue ?? "objective"
        let sharpe = objective != "sharpe_ratio"  // a second Sharpe column only when the objective is another measure
        var table = ReportTable(title: "\(name): trials", columns: ["trial", "strategy", "parameters", objective] + (sharpe ? ["Sharpe"] : [])
                                    + ["total return", "max drawdown", "trades"])
        for trial in trials {
            table.append([integer(trial["trial"]), .text(trial["strategy"]?.stringValue ?? "—"), .text(parameters(trial["parameters"])),
                          number(trial["objective_value"])] + (sharpe ? [number(trial["sharpe_ratio"])] : [])
                         + [percent(trial["total_return"]), percent(trial["max_drawdown"]), integer(trial["num_trades"])])
        }
        report.addParagraph("\(trials.count) trials; \(objective) is the objective.")
        report.addTable(table, maxRows: 100)
        return [table]
    }

    /// A table stored as `{"columns": [names], "rows": [[cells]]}`.
    static func columnTable(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let columns = value["columns"]?.arrayValue?.compactMap(\.stringValue), !columns.isEmpty,
              let rows = value["rows"]?.arrayValue else { return nil }
        var table = ReportTable(title: name, columns: columns)
        for row in rows {
            let cells = row.arrayValue ?? []
            table.append(columns.indices.map { k in
                guard k < cells.count else { return .empty }
                if let text = cells[k].stringValue { return .text(text) }
                guard let x = cells[k].doubleValue else { return .empty }
                return x.isFinite && x.rounded() == x && abs(x) < 1e12 ? .integer(Int(x)) : .number(x, decimals: 4)
            })
        }
        report.addTable(table, maxRows: 100)
        return [table]
    }

    /// A whole number, or empty when absent, null or not finite.
    static func integer(_ value: JSONValue?) -> ReportCell {
        value?.intValue.map { .integer($0) } ?? .empty
    }

    static func percent(_ value: JSONValue?) -> ReportCell {
        value?.doubleValue.map { .percent($0, decimals: 2) } ?? .empty
    }

    /// Ranked sets (or one best set per regime): strategy, parameters, objective, key metrics.
    static func parameterSets(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        let byRegime = value["regimes"]?.arrayValue
        guard let entries = byRegime ?? value["sets"]?.arrayValue else { return nil }
        let objective = value["objective"]?.stringValue ?? "objective"
        var intro = "\(entries.count) set\(entries.count == 1 ? "" : "s") ranked by \(objective)"
        if let from = value["labels_from"]?.stringValue { intro += "; one per regime of \(from)" }
        report.addParagraph(intro + ".")
        let sharpe = objective != "sharpe_ratio"
        var columns = ["rank", "strategy", "parameters", objective] + (sharpe ? ["Sharpe"] : []) + ["total return", "max drawdown", "trades", "trial"]
        if byRegime != nil { columns = ["regime", "bars in regime"] + columns }
        var table = ReportTable(title: "\(name): sets", columns: columns)
        for entry in entries {
            let metrics = entry["metrics"]
            var row: [ReportCell] = [
                integer(entry["rank"]),
                entry["strategy"]?.stringValue.map { .text($0) } ?? .text(entry["note"]?.stringValue ?? "—"),
                .text(parameters(entry["parameters"])), number(entry["objective_value"]),
            ] + (sharpe ? [number(metrics?["sharpe_ratio"])] : []) + [
                percent(metrics?["total_return"]), percent(metrics?["max_drawdown"]), integer(metrics?["num_trades"]),
                integer(entry["trial"]),
            ]
            if byRegime != nil {
                row = [.text(entry["regime"]?.stringValue ?? "—"),
                       integer(entry["regime_bars"] ?? entry["bars"])] + row
            }
            table.append(row)
        }
        report.addTable(table, maxRows: 50)
        return [table]
    }

    /// The members' weights as bars and a table; the rule's settings in a sentence.
    static func ensembleWeights(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let members = value["members"]?.arrayValue, !members.isEmpty else { return nil }
        var sentence = "Method \(value["method"]?.stringValue ?? "?")"
        if let from = value["signals_from"]?.stringValue, !from.isEmpty { sentence += " over \(from)" }
        if let objective = value["objective"]?.stringValue, let best = value["objective_value"]?.doubleValue {
            sentence += "; \(objective) \(ReportFormat.format(best, .number(decimals: 4))) on the \(value["segment"]?.stringValue ?? "?") split"
        }
        if let threshold = value["regime_confidence_threshold"]?.doubleValue, threshold.isFinite {
            sentence += "; trades only when the regime's probability is at least \(ReportFormat.format(threshold, .number(decimals: 2)))"
        }
        if let every = value["rebalance_frequency"]?.doubleValue, every.isFinite, every < 1e9 { sentence += "; rebalanced every \(Int(every)) bars" }
        report.addParagraph(sentence + ".")
        let labels = members.map { member in
            [member["member"]?.stringValue, member["strategy"]?.stringValue, member["regime"]?.stringValue.map { "@\($0)" }]
                .compactMap { $0 }.joined(separator: " ")
        }
        report.addChart(BarChart(labels: labels, values: members.map { $0["weight"]?.doubleValue ?? .nan },
                                 title: "Weights", valueFormat: .percent(decimals: 1)))
        var table = ReportTable(title: "\(name): members", columns: ["member", "strategy", "parameters", "regime", "weight"])
        for member in members {
            table.append([.text(member["member"]?.stringValue ?? "—"), .text(member["strategy"]?.stringValue ?? "—"),
                          .text(parameters(member["parameters"])), .text(member["regime"]?.stringValue ?? "—"),
                          member["weight"]?.doubleValue.map { .percent($0, decimals: 2) } ?? .empty])
        }
        report.addTable(table)
        return [table]
    }

    /// How the bars divide among the regimes: bars, share, spells and mean spell length.
    static func regimeLabels(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let names = value["names"]?.arrayValue?.compactMap(\.stringValue), let labels = value["labels"]?.arrayValue else { return nil }
        var facts: [String] = []
        if let method = value["primary_method"]?.stringValue { facts.append("method \(method)") }
        if let features = value["features"]?.arrayValue?.compactMap(\.stringValue), !features.isEmpty {
            facts.append("features \(features.joined(separator: ", "))")
        }
        if let fitted = value["fitted_on"]?.stringValue { facts.append("fitted on \(fitted)") }
        if let kind = value["labels_kind"]?.stringValue { facts.append(kind) }
        if !facts.isEmpty { report.addParagraph(facts.joined(separator: "; ") + ".") }
        let ints = labels.map(\.intValue)
        var bars = [Int](repeating: 0, count: names.count), spells = bars
        var previous: Int?
        for label in ints {
            if let label, label >= 0, label < names.count {
                bars[label] += 1
                if label != previous { spells[label] += 1 }
            }
            previous = label
        }
        let labelled = bars.reduce(0, +)
        var table = ReportTable(title: "\(name): regimes", columns: ["regime", "bars", "share of labelled bars", "spells", "mean spell (bars)"])
        for (k, regime) in names.enumerated() {
            table.append([.text(regime), .integer(bars[k]), labelled > 0 ? .percent(Double(bars[k]) / Double(labelled), decimals: 1) : .empty,
                          .integer(spells[k]), spells[k] > 0 ? .number(Double(bars[k]) / Double(spells[k]), decimals: 1) : .empty])
        }
        report.addTable(table)
        report.addParagraph("\(labels.count - labelled) of \(labels.count) bars carry no label (before the first fitted bar).")
        // the fitted model and the other methods' settings, with their full names
        var tables = [table]
        if let settings = OutputViews.scalars(Array(JSONTables.scalars(value).prefix(60)), title: "\(name): model", to: &report) {
            tables.append(settings)
        }
        return tables
    }

    /// The captured members: what each is, its symbols, and the bytes the store keeps for it.
    static func capturedSignals(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let members = value["members"]?.arrayValue else { return nil }
        let encoded = members.reduce(0) { $0 + ($1["encoded_bytes"]?.intValue ?? 0) }
        let dense = members.reduce(0) { $0 + ($1["dense_bytes"]?.intValue ?? 0) }
        report.addParagraph("""
            \(members.count) member\(members.count == 1 ? "" : "s") over \(integer(value["bars"]).displayText) bars of the \
            \(value["segment"]?.stringValue ?? "?") split (\(value["from"]?.stringValue ?? "?") … \(value["to"]?.stringValue ?? "?")), \
            in the signal store as \(value["format"]?.stringValue ?? "?")\(value["compressed"]?.boolValue == true ? ", compressed" : ""): \
            \(ReportCell.integer(encoded).displayText) bytes for \(ReportCell.integer(dense).displayText) dense\(encoded > 0 ? String(format: " (%.1f×)", Double(dense) / Double(encoded)) : "").
            """)
        var table = ReportTable(title: "\(name): members", columns: ["member", "strategy", "parameters", "regime", "symbols", "bytes stored", "dense bytes"])
        for member in members {
            table.append([.text(member["member"]?.stringValue ?? "—"), .text(member["strategy"]?.stringValue ?? "—"),
                          .text(parameters(member["parameters"])), .text(member["regime"]?.stringValue ?? "—"),
                          .text((member["symbols"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")),
                          integer(member["encoded_bytes"]),
                          integer(member["dense_bytes"])])
        }
        report.addTable(table, maxRows: 50)
        return [table]
    }
}
