/// `report/attention_by_step.csv` and `report/attention_layer_tests.csv` (+ `.tex`).
enum AttentionGroupsCSV {
    static let stepColumns = [
        "model", "grouping", "group", "step", "n_prompts",
        "attention_entropy_mean", "attention_entropy_low", "attention_entropy_high",
        "attention_varentropy_mean", "attention_varentropy_low", "attention_varentropy_high",
        "entropy_mean", "entropy_low", "entropy_high",
        "varentropy_mean", "varentropy_low", "varentropy_high",
    ]

    static func renderSteps(_ rows: [AttentionStepRow]) -> String {
        var csv = CSVText(columns: stepColumns)
        for row in rows {
            let bands = [row.attentionEntropy, row.attentionVarentropy, row.entropy, row.varentropy].flatMap {
                // A band needs two prompt-samples: an empty cell, not a number, below that.
                [ReportNumber.csv($0.mean), $0.low.isNaN ? "" : ReportNumber.csv($0.low), $0.high.isNaN ? "" : ReportNumber.csv($0.high)]
            }
            csv.append([row.key.model, row.key.grouping, row.key.group, String(row.step), String(row.prompts)] + bands)
        }
        return csv.text
    }

    static let testColumns = [
        "model", "grouping", "layer", "group_a", "group_b", "n_a", "n_b", "mean_a", "mean_b", "difference",
        "mann_whitney_u", "p_value",
    ]

    static func renderTests(_ rows: [AttentionLayerTest]) -> String {
        var csv = CSVText(columns: testColumns)
        for row in rows {
            csv.append([row.model, row.grouping, String(row.layer), row.groupA, row.groupB, String(row.countA),
                        String(row.countB)] + [row.meanA, row.meanB, row.difference, row.u, row.p].map(ReportNumber.csv))
        }
        return csv.text
    }

    static func tableOfTests(_ rows: [AttentionLayerTest]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("grouping"), .init("layer", .right), .init("a"), .init("b"),
            .init(.raw("$n_a$"), .right), .init(.raw("$n_b$"), .right), .init("mean a", .right), .init("mean b", .right),
            .init(.raw("a $-$ b"), .right), .init(.raw("$U$"), .right), .init(.raw("$p$"), .right),
        ])
        for row in rows {
            try? table.appendRow([
                .text(row.model), .text(row.grouping), .text(String(row.layer)), .text(row.groupA), .text(row.groupB),
                .text(String(row.countA)), .text(String(row.countB)), .text(ReportTables.fixed(row.meanA)),
                .text(ReportTables.fixed(row.meanB)), .text(ReportTables.fixed(row.difference)),
                .text(ReportTables.fixed(row.u, digits: 1)), .text(ReportNumber.markdown(row.p)),
            ])
        }
        return table.render()
    }
}
