extension OutputViews {
    /// An ensemble of research branches (`ensemble_performance_metrics` or
    /// `ensemble_contribution_analysis` with `branches`): what was evaluated where, each
    /// method's objective with its cross-validation folds, each branch's contribution as bars
    /// and a table, and the members with the first bar each is out of sample.
    static func branches(_ value: JSONValue, name: String, to report: inout HTMLReport) -> [ReportTable]? {
        guard let branches = value["branches"]?.arrayValue, !branches.isEmpty else { return nil }
        var tables: [ReportTable] = []
        let objective = value["objective"]?.stringValue ?? "objective"
        if let evaluated = value["evaluated_on"]?.stringValue {
            report.addParagraph("Evaluated on \(evaluated) (\(value["bars"]?.intValue.map(String.init) ?? "?") bars), where every member is out of sample; chosen method: \(value["chosen_method"]?.stringValue ?? value["method"]?.stringValue ?? "?").")
        }
        if let methods = value["methods"]?.arrayValue {
            var table = ReportTable(title: "\(name): methods", columns: ["method", "sample", objective, "folds", "mean over folds", "std over folds"])
            for method in methods {
                let folds = method["cross_validation"]?["objective_by_fold"]?.arrayValue ?? []
                table.append([.text(method["method"]?.stringValue ?? "?"), .text(method["sample"]?.stringValue ?? "?"),
                              KindViews.number(method["objective_value"]),
                              .text(folds.map { ReportFormat.format($0.doubleValue ?? .nan, .number(decimals: 2)) }.joined(separator: " · ")),
                              KindViews.number(method["cross_validation"]?["mean"]), KindViews.number(method["cross_validation"]?["std"])])
            }
            report.addTable(table)
            tables.append(table)
        }
        report.addChart(BarChart(labels: branches.map { $0["branch"]?.stringValue ?? "?" },
                                 values: branches.map { $0["contribution"]?.doubleValue ?? .nan },
                                 title: "Contribution of each branch (\(objective) of the ensemble − without the branch)",
                                 valueFormat: .number(decimals: 3)))
        var table = ReportTable(title: "\(name): branches", columns: ["branch", "members", "share", "\(objective) alone",
                                                                      "\(objective) without", "contribution", "total return alone",
                                                                      "max drawdown alone"])
        for branch in branches {
            table.append([.text(branch["branch"]?.stringValue ?? "?"),
                          .text((branch["members"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")),
                          KindViews.percent(branch["weight_share"]), KindViews.number(branch["objective_alone"]),
                          KindViews.number(branch["objective_without"]), KindViews.number(branch["contribution"]),
                          KindViews.percent(branch["metrics_alone"]?["total_return"]),
                          KindViews.percent(branch["metrics_alone"]?["max_drawdown"])])
        }
        report.addTable(table)
        tables.append(table)
        if let members = value["branch_members"]?.arrayValue {
            var list = ReportTable(title: "\(name): members", columns: ["member", "branch", "what it trades", "parameters", "out of sample from"])
            for member in members {
                list.append([.text(member["member"]?.stringValue ?? "?"), .text(member["branch"]?.stringValue ?? "?"),
                             .text(member["strategy"]?.stringValue ?? "?"), .text(KindViews.parameters(member["parameters"])),
                             .date(member["out_of_sample_from"]?.stringValue ?? "")])
            }
            report.addTable(list)
            tables.append(list)
        }
        return tables
    }
}
