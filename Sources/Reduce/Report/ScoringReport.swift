/// The report files of `task: score` cells: `scoring.csv` / `scoring.tex` (one line per cell),
/// `scoring_documents.csv` (one line per document) and, when units stored distribution sums,
/// `average_distribution_top100.csv` (the top tokens of each cell's p̄).
enum ScoringReport {
    static let columns = ["model", "dataset", "technique", "documents", "tokens", "positions", "mean_entropy", "perplexity",
                          "average_distribution_positions", "average_distribution_entropy"]

    static func csv(_ rows: [ScoringRow]) -> String {
        var csv = CSVText(columns: columns)
        for row in rows {
            csv.append(row.key.fields + [row.documents, row.tokens, row.positions].map(String.init)
                + [row.meanEntropy, row.perplexity].map(ReportNumber.csv)
                + [row.average.map { String($0.positions) } ?? "0", ReportNumber.csv(row.average?.entropy ?? .nan)])
        }
        return csv.text
    }

    static func documentsCSV(_ documents: [ScoredDocumentRow]) -> String {
        var csv = CSVText(columns: ["model", "dataset", "technique", "unit_id", "row", "tokens", "positions", "mean_entropy", "perplexity"])
        for document in documents {
            csv.append(document.key.fields + [document.unitID, String(document.row), String(document.tokens), String(document.positions)]
                + [document.meanEntropy, document.perplexity].map(ReportNumber.csv))
        }
        return csv.text
    }

    static func topTokensCSV(_ rows: [ScoringRow]) -> String {
        var csv = CSVText(columns: ["model", "dataset", "technique", "rank", "token_id", "token_text", "probability"])
        for row in rows {
            for (index, token) in (row.average?.top ?? []).enumerated() {
                csv.append(row.key.fields + [String(index + 1), String(token.id), token.text, ReportNumber.csv(token.probability)])
            }
        }
        return csv.text
    }

    static func table(_ rows: [ScoringRow]) -> String {
        var table = LaTeXTable(columns: [
            .init("model"), .init("dataset"), .init("technique"), .init("documents", .right), .init("positions", .right),
            .init(.raw("mean $H(p_t)$"), .right), .init(.raw("$H(\\bar p)$"), .right), .init("perplexity", .right),
        ])
        for row in rows {
            try? table.appendRow([
                .text(row.key.model), .text(row.key.dataset), .text(row.key.technique), .text(String(row.documents)),
                .text(String(row.positions)), .text(ReportTables.fixed(row.meanEntropy)),
                .text(ReportTables.fixed(row.average?.entropy ?? .nan)), .text(ReportTables.fixed(row.perplexity, digits: 2)),
            ])
        }
        return table.render()
    }

    /// The summary.md section.
    static func markdown(_ rows: [ScoringRow]) -> [String] {
        var lines = [
            "", "## Scoring (teacher-forced)", "",
            "| model | dataset | technique | documents | positions | mean H(p_t) | H(p̄) | perplexity |",
            "|---|---|---|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            lines.append("| \(row.key.model) | \(row.key.dataset) | \(row.key.technique) | \(row.documents) | \(row.positions) | "
                + "\(ReportNumber.markdown(row.meanEntropy)) | \(row.average.map { ReportNumber.markdown($0.entropy) } ?? "—") | "
                + "\(ReportNumber.markdown(row.perplexity)) |")
        }
        lines += ["", "Entropies in nats; perplexity = exp(−mean logprob) over every scored position of the cell; "
            + "H(p̄) is the entropy of the average next-token distribution (analysis.average_distribution; — when off). "
            + "A gap H(p̄) ≫ mean H(p_t) means the model's next-token choices are spread over many tokens; a small gap "
            + "means they collapse onto the same tokens. Per document: scoring_documents.csv; top tokens of p̄: "
            + "average_distribution_top100.csv."]
        return lines
    }
}
