import Store

/// One candidate's score for one filled template, as a unit file's `/ranking` holds it.
public struct RankingScore: Sendable, Equatable {
    public var model: String
    public var dataset: String
    public var technique: String
    public var sample: Int
    public var unitID: String
    public var attempt: Int
    public var row: Int
    public var templateID: String
    public var group: String
    public var form: String
    public var candidate: String
    public var score: Double
    public var meanScore: Double
    public var nTokens: Int
    public var firstLogit: Double
}

/// The `/ranking` rows of every unit file read, reduced to the newest attempt of each
/// (unit, filled template) — as reruns replace prompts — and to the first sample of each cell
/// (scores do not depend on sampling, so further samples only repeat them).
struct RankingCollection: Sendable {
    private var scores: [RankingScore] = []

    mutating func add(_ record: UnitRecord) {
        guard let table = record.ranking else { return }
        let header = record.header
        for index in 0..<table.count {
            scores.append(RankingScore(
                model: header.model.name, dataset: header.dataset, technique: header.technique, sample: header.sample,
                unitID: header.unitID, attempt: header.attempt, row: table.row[index], templateID: table.templateID[index],
                group: table.group[index], form: table.form[index], candidate: table.candidate[index],
                score: table.score[index], meanScore: table.meanScore[index], nTokens: table.nTokens[index],
                firstLogit: Double(table.firstLogit[index])))
        }
    }

    var isEmpty: Bool { scores.isEmpty }

    func merged() -> [RankingScore] {
        struct Filled: Hashable { var unitID: String, row: Int }
        struct Cell: Hashable { var model: String, dataset: String, technique: String }
        var newest: [Filled: Int] = [:]
        var firstSample: [Cell: Int] = [:]
        for score in scores {
            newest[Filled(unitID: score.unitID, row: score.row), default: .min] =
                max(newest[Filled(unitID: score.unitID, row: score.row), default: .min], score.attempt)
            let cell = Cell(model: score.model, dataset: score.dataset, technique: score.technique)
            firstSample[cell] = min(firstSample[cell] ?? .max, score.sample)
        }
        return scores.filter { score in
            newest[Filled(unitID: score.unitID, row: score.row)] == score.attempt
                && firstSample[Cell(model: score.model, dataset: score.dataset, technique: score.technique)] == score.sample
        }
    }
}
