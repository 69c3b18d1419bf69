/// The report's figures, built from the summary: the entropy–cosine grid (models × datasets,
/// one technique per figure when there are several) and accuracy by technique.
enum ReportFigures {
    /// (file name without extension, SVG text).
    static func render(_ summary: ReduceSummary) -> [(name: String, svg: String)] {
        var figures: [(String, String)] = []
        let techniques = firstAppearances(summary.correlations.map(\.key.techniqueAndSettings))
        for technique in techniques {
            let panels = summary.correlations.filter { $0.key.techniqueAndSettings == technique }.map(panelData)
            let name = techniques.count == 1 ? "entropy_cosine" : "entropy_cosine_\(fileSafe(technique))"
            let figure = EntropyCosineFigure.make(panels, title: technique,
                                                  sharesXRange: false, sharesYRange: true)
            figures.append((name, FigureRenderer.svg(figure)))
        }
        if !summary.accuracy.isEmpty {
            let models = firstAppearances(summary.accuracy.map(\.key.model)).map { model in
                ModelAccuracy(model: model, techniques: summary.accuracy.filter { $0.key.model == model }.map {
                    TechniqueAccuracy(technique: $0.key.techniqueAndSettings, accuracy: $0.accuracyAll.proportion,
                                      lower: $0.accuracyAll.lower, upper: $0.accuracyAll.upper)
                })
            }
            let figure = AccuracyFigure.make(models, arrangement: .panelPerModel(columns: min(3, models.count)),
                                             title: "accuracy, Wilson 95%")
            figures.append(("accuracy", FigureRenderer.svg(figure)))
        }
        if let comparison = summary.ranking?.comparison {
            figures.append(("ranking_comparison", FigureRenderer.svg(RankingComparisonFigure.make(comparison))))
        }
        figures += AttentionFigures.render(summary.attention)
        if let sampling = summary.sampling {
            figures += SamplingFigures.render(sampling, temperatures: SamplingFigures.temperatures(summary.rowSettings))
        }
        return figures
    }

    private static func panelData(_ row: CorrelationRow) -> EntropyCosinePanelData {
        EntropyCosinePanelData(
            model: row.key.model, dataset: row.key.dataset,
            bins: row.bins.filter { $0.count > 0 }.map {
                EntropyCosineBin(entropy: $0.center, median: $0.median, lowerQuartile: $0.lowerQuartile,
                                 upperQuartile: $0.upperQuartile)
            },
            fit: row.fit.problem == nil
                ? EntropyCosineFit(a: row.fit.a, b: row.fit.b, c: row.fit.c, rSquared: row.fit.rSquared) : nil)
    }

    private static func fileSafe(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}
