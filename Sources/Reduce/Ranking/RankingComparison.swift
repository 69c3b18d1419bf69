/// Kendall τ-b between a model's candidate scores and an external column, per model × group
/// over the mean score across templates (`template` = "all"), and per template.
public struct RankingComparisonRow: Sendable, Equatable {
    public static let allTemplates = "all"

    public var model: String
    public var dataset: String
    public var technique: String
    /// A template id, or `allTemplates`.
    public var template: String
    public var group: String
    /// Candidates compared.
    public var n: Int
    public var kendall: CorrelationResult
}

enum RankingComparison {
    static func compare(_ ranked: [RankedCandidate], with table: ExternalRankingTable) -> [RankingComparisonRow] {
        struct Cell: Hashable, Comparable {
            var model, dataset, technique, group: String
            static func < (a: Cell, b: Cell) -> Bool {
                (a.model, a.dataset, a.technique, a.group) < (b.model, b.dataset, b.technique, b.group)
            }
        }
        let byCell = Dictionary(grouping: ranked.filter { table.values[$0.key.group] != nil }) {
            Cell(model: $0.key.model, dataset: $0.key.dataset, technique: $0.key.technique, group: $0.key.group)
        }
        var rows: [RankingComparisonRow] = []
        for (cell, entries) in byCell.sorted(by: { $0.key < $1.key }) {
            guard let external = table.values[cell.group] else { continue }
            func row(_ template: String, _ scores: [String: Double]) -> RankingComparisonRow {
                let candidates = scores.keys.sorted()
                let x = candidates.map { scores[$0] ?? .nan }, y = candidates.map { external[$0] ?? .nan }
                return RankingComparisonRow(model: cell.model, dataset: cell.dataset, technique: cell.technique,
                                            template: template, group: cell.group, n: candidates.count,
                                            kendall: Statistics.kendallTauB(x, y))
            }
            let overall = Dictionary(grouping: entries, by: \.candidate).mapValues { $0.map(\.score).reduce(0, +) / Double($0.count) }
            rows.append(row(RankingComparisonRow.allTemplates, overall))
            for (template, perTemplate) in Dictionary(grouping: entries, by: \.key.templateID).sorted(by: { $0.key < $1.key }) {
                rows.append(row(template, Dictionary(perTemplate.map { ($0.candidate, $0.score) }, uniquingKeysWith: { a, _ in a })))
            }
        }
        return rows
    }
}
