/// The attention-by-group figures: per model × grouping, mean attention entropy by step (one line
/// per group with its 95% band) beside the output entropy; per model × grouping × group, the
/// layer × head heatmap of the mean attention entropy.
enum AttentionFigures {
    static func render(_ study: AttentionGroupsStudy) -> [(name: String, svg: String)] {
        var figures: [(String, String)] = []
        let pairs = firstAppearances(study.maps.map { "\($0.key.model)\u{0}\($0.key.grouping)" })
        for pair in pairs {
            let parts = pair.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            let (model, grouping) = (parts[0], parts[1])
            let rows = study.steps.filter { $0.key.model == model && $0.key.grouping == grouping }
            figures.append(("attention_by_step_\(fileSafe(model))_\(grouping)",
                            FigureRenderer.svg(byStep(rows, model: model, grouping: grouping))))
        }
        for map in study.maps {
            let name = "attention_layer_head_\(fileSafe(map.key.model))_\(map.key.grouping)_\(fileSafe(map.key.group))"
            let svg = LayerHeadHeatmap.svg(
                title: "\(map.key.model) · \(map.key.grouping): \(map.key.group)",
                caption: "mean attention entropy, \(map.prompts) prompt-samples weighted equally",
                layers: map.layers, heads: map.heads, values: map.means)
            figures.append((name, svg))
        }
        return figures
    }

    private static func byStep(_ rows: [AttentionStepRow], model: String, grouping: String) -> Figure {
        let groups = firstAppearances(rows.map(\.key.group))
        func panel(_ title: String, _ label: String, _ value: KeyPath<AttentionStepRow, MeanBand>) -> FigurePanel {
            let layers = groups.enumerated().flatMap { index, group -> [FigureLayer] in
                let series = rows.filter { $0.key.group == group }
                let x = series.map { Double($0.step) }
                let color = OkabeIto.color(index)
                return [
                    .band(BandLayer(x: x, lower: series.map { $0[keyPath: value].low },
                                    upper: series.map { $0[keyPath: value].high }, color: color, opacity: 0.2)),
                    .line(LineLayer(x: x, y: series.map { $0[keyPath: value].mean }, color: color, label: group)),
                ]
            }
            return FigurePanel(title: title, xAxis: FigureAxis(label: "generation step"), yAxis: FigureAxis(label: label),
                               layers: layers)
        }
        return Figure(title: "\(model) · \(grouping): mean by step, 95% band over prompts",
                      panels: [panel("attention (mean over layers × heads)", "attention entropy (nats)", \.attentionEntropy),
                               panel("output distribution", "entropy (nats)", \.entropy)],
                      columns: 2)
    }

    private static func fileSafe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
