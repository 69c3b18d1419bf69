/// `report/correlation.csv`: one line per (model, dataset, technique), numbers as
/// `ReportNumber.csv` (undefined statistics are `nan`).
enum CorrelationCSV {
    static let columns = [
        "model", "dataset", "technique", "prompts", "tokens", "used", "excluded_nan_cosine", "excluded_non_finite",
        "excluded_filter_zero_entropy", "excluded_filter_unit_cosine",
        "pearson_r", "pearson_p", "pearson_ci_low", "pearson_ci_high",
        "spearman_rho", "spearman_p", "spearman_ci_low", "spearman_ci_high",
        "kendall_tau_b", "kendall_p", "kendall_ci_low", "kendall_ci_high",
        "mean_entropy", "mean_cosine",
        "fit_status", "fit_a", "fit_b", "fit_c", "fit_r2", "fit_peak_entropy", "fit_points",
        "linear_slope", "linear_intercept", "linear_r2",
    ]

    static func render(_ rows: [CorrelationRow]) -> String {
        var csv = CSVText(columns: CorrelationKey.columns(columns, for: rows.map(\.key)))
        for row in rows {
            let counts = [row.prompts, row.tokens, row.used, row.excludedNaNCosine, row.excludedNonFinite,
                          row.excludedByFilter.zeroEntropy, row.excludedByFilter.unitCosine].map(String.init)
            let correlations = [
                (row.pearson, row.bootstrap.pearson), (row.spearman, row.bootstrap.spearman),
                (row.kendall, row.bootstrap.kendall),
            ].flatMap { [$0.statistic, $0.pValue, $1.lower, $1.upper] }
            let fit = row.fit
            csv.append(row.key.fields + counts
                + (correlations + [row.meanEntropy, row.meanCosine]).map(ReportNumber.csv)
                + [fit.problem.map { "\($0)" } ?? "ok"]
                + [fit.a, fit.b, fit.c, fit.rSquared, fit.peak].map(ReportNumber.csv) + [String(fit.points)]
                + [row.linearModel.slope, row.linearModel.intercept, row.linearModel.rSquared].map(ReportNumber.csv))
        }
        return csv.text
    }
}

/// `report/binned_medians.csv`: the 50 equal-width entropy bins of every cell.
enum BinnedMediansCSV {
    static let columns = ["model", "dataset", "technique", "bin", "entropy_low", "entropy_high", "entropy_center",
                          "tokens", "cosine_q25", "cosine_median", "cosine_q75"]

    static func render(_ rows: [CorrelationRow]) -> String {
        var csv = CSVText(columns: CorrelationKey.columns(columns, for: rows.map(\.key)))
        for row in rows {
            for (index, bin) in row.bins.enumerated() {
                csv.append(row.key.fields + [String(index)]
                    + [bin.lower, bin.upper, bin.center].map(ReportNumber.csv) + [String(bin.count)]
                    + [bin.lowerQuartile, bin.median, bin.upperQuartile].map(ReportNumber.csv))
            }
        }
        return csv.text
    }
}
