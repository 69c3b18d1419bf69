import Foundation

/// Figures of the sampling study: each diversity and determinism metric against temperature
/// (one panel per dataset, one line per model and technique) and modal share per settings block
/// (bars with the by-prompt 95% interval). Perturbed techniques are left out of the temperature
/// lines: their comparison is the agreement columns.
enum SamplingFigures {
    /// The metrics drawn against temperature: name in the tables, axis label.
    static let metrics: [(name: String, label: String)] = [
        ("distinct_2", "distinct-2"), ("ngram_diversity", "n-gram diversity"), ("self_bleu", "self-BLEU"),
        ("compression_ratio", "compression ratio"), ("self_repetition", "self-repetition"),
        ("embedding_cosine", "mean embedding cosine"), ("vendi", "Vendi score (embeddings)"),
        ("modal_share", "modal share"), ("pairwise_exact_match", "pairwise exact match"),
        ("distinct_completions", "distinct completions"), ("first_divergence_mean", "first divergence (tokens)"),
    ]

    /// - Parameter temperatures: the temperature of each cell's settings block (from the unit files).
    static func render(_ study: SamplingStudy, temperatures: [CorrelationKey: Double]) -> [(name: String, svg: String)] {
        let cells = study.cells.filter { temperatures[$0.key] != nil && !study.isPerturbed($0.key) }
        var figures: [(String, String)] = []
        let distinctTemperatures = Set(cells.compactMap { temperatures[$0.key] })
        if distinctTemperatures.count > 1 {
            // A metric no cell defines (the embedding ones over older unit files) draws no empty figure.
            for metric in metrics where cells.contains(where: { value($0, metric.name).isFinite }) {
                figures.append(("sampling_\(metric.name)_vs_temperature",
                                FigureRenderer.svg(againstTemperature(cells, metric: metric, temperatures: temperatures))))
            }
        }
        let settings = firstAppearances(study.cells.map(\.key.settings)).filter { !$0.isEmpty }
        if settings.count > 1 {
            figures.append(("sampling_modal_share_by_settings", FigureRenderer.svg(modalShareBySettings(study.cells, settings))))
        }
        return figures
    }

    private static func againstTemperature(_ cells: [SamplingCellRow], metric: (name: String, label: String),
                                           temperatures: [CorrelationKey: Double]) -> Figure {
        let datasets = firstAppearances(cells.map(\.key.dataset))
        let series = firstAppearances(cells.map { "\($0.key.model) · \($0.key.technique)" })
        let panels = datasets.map { dataset in
            let layers = series.enumerated().flatMap { index, name -> [FigureLayer] in
                let points = cells.filter { $0.key.dataset == dataset && "\($0.key.model) · \($0.key.technique)" == name }
                    .compactMap { cell -> (Double, Double)? in
                        guard let temperature = temperatures[cell.key] else { return nil }
                        return (temperature, value(cell, metric.name))
                    }
                    .sorted { $0.0 < $1.0 }
                guard !points.isEmpty else { return [] }
                let color = OkabeIto.color(index)
                return [.line(LineLayer(x: points.map(\.0), y: points.map(\.1), color: color, label: name)),
                        .points(PointsLayer(x: points.map(\.0), y: points.map(\.1), color: color))]
            }
            return FigurePanel(title: dataset, xAxis: FigureAxis(label: "temperature"),
                               yAxis: FigureAxis(label: metric.label), layers: layers)
        }
        return Figure(title: "\(metric.label) vs temperature", panels: panels, columns: min(3, max(panels.count, 1)),
                      sharesYRange: true)
    }

    private static func modalShareBySettings(_ cells: [SamplingCellRow], _ settings: [String]) -> Figure {
        let datasets = firstAppearances(cells.map(\.key.dataset))
        let series = firstAppearances(cells.map { "\($0.key.model) · \($0.key.technique)" })
        let panels = datasets.map { dataset in
            let layers = series.enumerated().map { index, name -> FigureLayer in
                let byName = Dictionary(cells.filter { $0.key.dataset == dataset && "\($0.key.model) · \($0.key.technique)" == name }
                    .map { ($0.key.settings, $0) }, uniquingKeysWith: { first, _ in first })
                let means = settings.map { byName[$0]?.mean("modal_share") }
                return .bars(BarsLayer(values: means.map { $0?.value ?? .nan },
                                       errorLower: means.map { $0?.interval.lower ?? .nan },
                                       errorUpper: means.map { $0?.interval.upper ?? .nan },
                                       color: OkabeIto.color(index), label: name))
            }
            return FigurePanel(title: dataset, xAxis: FigureAxis(label: "settings", categories: settings),
                               yAxis: FigureAxis(label: "modal share", fixedRange: 0...1), layers: layers)
        }
        return Figure(title: "modal share by settings", panels: panels,
                      columns: min(3, max(panels.count, 1)))
    }

    private static func value(_ cell: SamplingCellRow, _ name: String) -> Double {
        (cell.diversity.value(name) ?? cell.mean(name)?.value) ?? .nan
    }

    /// The temperature each cell's unit files recorded (their generation JSON).
    static func temperatures(_ rows: [RowSettings]) -> [CorrelationKey: Double] {
        var result: [CorrelationKey: Double] = [:]
        for row in rows {
            guard let object = try? JSONSerialization.jsonObject(with: Data(row.generationJSON.utf8)) as? [String: Any],
                  let temperature = object["temperature"] as? NSNumber else { continue }
            result[row.key] = temperature.doubleValue
        }
        return result
    }
}

extension SamplingStudy {
    func isPerturbed(_ key: CorrelationKey) -> Bool {
        prompts.contains { $0.key == key && !$0.perturbation.isEmpty }
    }
}
