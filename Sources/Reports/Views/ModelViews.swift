extension KindViews {
    /// `best_models` (machine-learning models chosen by purged cross-validation): a ranking
    /// table, then per model its per-fold scores (table) and its permutation importance (bars,
    /// sorted as stored: largest log-loss increase first) with the standardised coefficients of
    /// a logistic regression beside it.
    static func models(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let models = value["models"]?.arrayValue, !models.isEmpty else { return nil }
        let objective = value["objective"]?.stringValue ?? "objective"
        var facts = ["\(models.count) model(s) ranked by the out-of-fold \(objective)"]
        if let folds = value["cv_folds"]?.intValue, let embargo = value["embargo_bars"]?.intValue {
            facts.append("purged \(folds)-fold cross-validation with an embargo of \(embargo) bars")
        }
        if let start = value["training"]?["start"]?.stringValue, let end = value["training"]?["end"]?.stringValue {
            facts.append("trained on \(start) … \(end) (in sample)")
        }
        if let label = value["label"]?.stringValue { facts.append("label: \(label)") }
        report.addParagraph(facts.joined(separator: "; ") + ".")
        var ranking = ReportTable(title: "\(name): models", columns: ["rank", "model", "listed as", "hyperparameters", objective,
                                                                     "mean log-loss", "mean accuracy"])
        var tables: [ReportTable] = []
        for model in models {
            ranking.append([integer(model["rank"]), .text(model["model"]?.stringValue ?? "—"),
                            .text(model["mapped_from"]?.stringValue ?? "—"), .text(parameters(model["hyperparameters"])),
                            number(model["objective"]), number(model["mean_log_loss"]), percent(model["mean_accuracy"])])
        }
        report.addTable(ranking)
        tables.append(ranking)
        for model in models {
            let title = "#\(model["rank"]?.intValue ?? 0) \(model["model"]?.stringValue ?? "model") (\(parameters(model["hyperparameters"])))"
            var folds = ReportTable(title: "\(title): folds", columns: ["fold", "validation", "validation rows", "training rows",
                                                                        "log-loss", "accuracy"])
            for fold in model["folds"]?.arrayValue ?? [] {
                folds.append([integer(fold["fold"]),
                              .text("\(fold["validation_start"]?.stringValue ?? "?") … \(fold["validation_end"]?.stringValue ?? "?")"),
                              integer(fold["validation_rows"]), integer(fold["training_rows"]), number(fold["log_loss"]),
                              percent(fold["accuracy"])])
            }
            report.addTable(folds)
            tables.append(folds)
            let importance = model["feature_importance"]?.arrayValue ?? []
            if !importance.isEmpty {
                report.addChart(BarChart(labels: importance.map { $0["feature"]?.stringValue ?? "?" },
                                         values: importance.map { $0["importance"]?.doubleValue ?? .nan },
                                         title: "\(title): permutation importance (log-loss increase on the validation folds)",
                                         valueFormat: .number(decimals: 4)))
                var table = ReportTable(title: "\(title): feature importance", columns: ["feature", "importance", "std across folds"]
                                            + (model["standardized_coefficients"] == nil ? [] : ["standardised coefficient"]))
                let coefficients = model["standardized_coefficients"]?.arrayValue ?? []
                for entry in importance {
                    let feature = entry["feature"]?.stringValue
                    let coefficient = coefficients.first { $0["feature"]?.stringValue == feature }?["coefficient"]
                    table.append([.text(feature ?? "?"), number(entry["importance"]), number(entry["std"])]
                                 + (model["standardized_coefficients"] == nil ? [] : [number(coefficient)]))
                }
                report.addTable(table)
                tables.append(table)
            }
        }
        return tables
    }
}
