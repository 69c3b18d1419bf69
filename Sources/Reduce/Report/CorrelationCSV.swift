import Foundation

/// `report/correlation.csv`: one line per (model, dataset, technique), RFC 4180 quoting,
/// `\n` line ends, numbers as `ReportNumber.csv` (undefined statistics are `nan`).
enum CorrelationCSV {
    static let columns = [
        "model", "dataset", "technique", "tokens", "used", "excluded_nan_cosine", "excluded_non_finite",
        "pearson_r", "pearson_p", "spearman_rho", "spearman_p", "kendall_tau_b", "kendall_p",
        "mean_entropy", "mean_cosine",
    ]

    static func render(_ rows: [CorrelationRow]) -> String {
        var lines = [columns.joined(separator: ",")]
        for row in rows {
            let text = [row.key.model, row.key.dataset, row.key.technique].map(quoted)
            let counts = [row.tokens, row.used, row.excludedNaNCosine, row.excludedNonFinite].map(String.init)
            let numbers = [
                row.pearson.statistic, row.pearson.pValue, row.spearman.statistic, row.spearman.pValue,
                row.kendall.statistic, row.kendall.pValue, row.meanEntropy, row.meanCosine,
            ].map(ReportNumber.csv)
            lines.append((text + counts + numbers).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quotes a field only when it holds a comma, quote or line break; quotes inside are doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
