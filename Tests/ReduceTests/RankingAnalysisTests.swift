import Foundation
import Store
import Testing
@testable import Reduce

/// Ranks, top/bottom counts and variation across templates on a case computed by hand:
/// one group `g` written two ways (forms f1, f2), four candidates, three templates.
///
/// | template | a (f1, f2) | b | c | d | group scores (mean of forms) | ranks |
/// |---|---|---|---|---|---|---|
/// | t1 | −2, −4 | −1, −1 | −3, −3 | −5, −7 | a −3, b −1, c −3, d −6 | b 1, a 2, c 2, d 4 |
/// | t2 | −1, −1 | −2, −2 | −6, −6 | −3, −5 | a −1, b −2, c −6, d −4 | a 1, b 2, d 3, c 4 |
/// | t3 | −2 each | | | | all −2 | all 1 (all top, all bottom) |
@Suite struct RankingAnalysisTests {
    static let table: [(template: String, candidate: String, forms: [Double])] = [
        ("t1", "a", [-2, -4]), ("t1", "b", [-1, -1]), ("t1", "c", [-3, -3]), ("t1", "d", [-5, -7]),
        ("t2", "a", [-1, -1]), ("t2", "b", [-2, -2]), ("t2", "c", [-6, -6]), ("t2", "d", [-3, -5]),
        ("t3", "a", [-2, -2]), ("t3", "b", [-2, -2]), ("t3", "c", [-2, -2]), ("t3", "d", [-2, -2]),
    ]

    static func scores(model: String = "m") -> [RankingScore] {
        table.enumerated().flatMap { index, entry in
            entry.forms.enumerated().map { form, score in
                RankingScore(model: model, dataset: "d", technique: "completion", sample: 0, unitID: "u", attempt: 1,
                             row: index * 2 + form, templateID: entry.template, group: "g", form: "f\(form + 1)",
                             candidate: entry.candidate, score: score, meanScore: score / 2, nTokens: 2,
                             firstLogit: Double(form))
            }
        }
    }

    @Test func competitionRanksShareTheLowestRank() {
        #expect(RankingAnalysis.competitionRanks([5, 3, 3, 1]) == [1, 2, 2, 4])
        #expect(RankingAnalysis.competitionRanks([-1, -1, -1]) == [1, 1, 1])
        #expect(RankingAnalysis.competitionRanks([-2, .nan, -1]) == [2, 3, 1])
    }

    @Test func ranksWithinTemplateAndGroupOverMeanOfForms() {
        let ranked = RankingAnalysis(Self.scores()).ranked
        let t1 = ranked.filter { $0.key.templateID == "t1" }
        #expect(t1.map(\.candidate) == ["b", "a", "c", "d"])
        #expect(t1.map(\.rank) == [1, 2, 2, 4])
        #expect(t1.map(\.score) == [-1, -3, -3, -6])
        #expect(t1.map(\.meanScore) == [-0.5, -1.5, -1.5, -3])
        #expect(t1.map(\.firstLogit) == [0.5, 0.5, 0.5, 0.5])
        #expect(t1.allSatisfy { $0.forms == 2 && $0.nTokens == 2 })
        let t2 = ranked.filter { $0.key.templateID == "t2" }
        #expect(t2.map(\.candidate) == ["a", "b", "d", "c"])
        #expect(t2.map(\.rank) == [1, 2, 3, 4])
        #expect(ranked.filter { $0.key.templateID == "t3" }.map(\.rank) == [1, 1, 1, 1])
    }

    @Test func topAndBottomCountsOverTemplates() {
        let counts = RankingAnalysis(Self.scores()).topBottom
        #expect(counts.map(\.candidate) == ["a", "b", "c", "d"])
        #expect(counts.map(\.templates) == [3, 3, 3, 3])
        #expect(counts.map(\.top) == [2, 2, 1, 1])
        #expect(counts.map(\.bottom) == [1, 1, 2, 2])
    }

    @Test func variationIsTheMeanAbsoluteDifferenceOverTemplatePairs() {
        let variation = RankingAnalysis(Self.scores()).variation
        #expect(variation.map(\.candidate) == ["a", "b", "c", "d"])
        let expectedScores = [4.0 / 3, 2.0 / 3, 8.0 / 3, 8.0 / 3]
        let expectedRanks = [2.0 / 3, 2.0 / 3, 2, 2]
        for (row, (score, rank)) in zip(variation, zip(expectedScores, expectedRanks)) {
            #expect(abs(row.scoreMeanAbsoluteDifference - score) < 1e-12)
            #expect(abs(row.rankMeanAbsoluteDifference - rank) < 1e-12)
        }
    }

    @Test func newestAttemptAndFirstSampleWin() {
        func record(attempt: Int, sample: Int, score: Double) -> UnitRecord {
            var table = RankingTable()
            table.append(row: 0, templateID: "t", group: "g", form: "f", candidate: "a", score: score, meanScore: score,
                         nTokens: 1, firstLogit: 0)
            table.append(row: 0, templateID: "t", group: "g", form: "f", candidate: "b", score: -5, meanScore: -5,
                         nTokens: 1, firstLogit: 0)
            var record = makeRecord(unit: "u\(sample)", attempt: attempt, prompts: [])
            record.header.sample = sample
            record.ranking = table
            return record
        }
        var collection = RankingCollection()
        collection.add(record(attempt: 1, sample: 0, score: -9))
        collection.add(record(attempt: 2, sample: 0, score: -1))
        collection.add(record(attempt: 1, sample: 1, score: -7))
        let merged = collection.merged()
        #expect(merged.map(\.score) == [-1, -5])
        #expect(merged.map(\.attempt) == [2, 2])
    }
}

/// Kendall τ-b against an external table, against scipy.stats.kendalltau (the committed output of
/// scripts/fixtures/rank_references.py), and the table's checks.
@Suite final class RankingComparisonTests {
    struct Reference: Decodable {
        struct Case: Decodable { var x: [Double], y: [Double], tau: Double, p: Double }
        var kendall: [Case]
    }

    let folder: URL
    init() throws { folder = try makeTemporaryFolder() }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static func reference() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/ranking/references.json").standardizedFileURL
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Rankings whose overall scores are the case's x (one template, one form), compared with a
    /// table whose column is the case's y.
    @Test func tauAndPValueEqualScipy() throws {
        for (index, reference) in try Self.reference().kendall.enumerated() {
            let candidates = reference.x.indices.map { "c\(String(format: "%02d", $0))" }
            let scores = zip(candidates, reference.x).enumerated().map { row, pair in
                RankingScore(model: "m", dataset: "d", technique: "t", sample: 0, unitID: "u", attempt: 1, row: row,
                             templateID: "t1", group: "g", form: "g", candidate: pair.0, score: pair.1, meanScore: pair.1,
                             nTokens: 1, firstLogit: 0)
            }
            let csv = "candidate,g\n" + zip(candidates, reference.y).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
            var summary = RankingSummary(scores)
            try summary.compare(with: try write("counts\(index).csv", csv))
            let rows = try #require(summary.comparison)
            #expect(rows.map(\.template) == ["all", "t1"])
            for row in rows {
                #expect(row.n == reference.x.count)
                #expect(abs(row.kendall.statistic - reference.tau) < 1e-9, "case \(index)")
                #expect(abs(row.kendall.pValue - reference.p) < 1e-9, "case \(index)")
            }
        }
    }

    @Test func tableMustMatchCandidatesAndGroups() throws {
        let scores = RankingAnalysisTests.scores()
        func failure(_ csv: String) throws -> String {
            var summary = RankingSummary(scores)
            let path = try write("table.csv", csv)
            do {
                try summary.compare(with: path)
                return "no error"
            } catch {
                return "\(error)".replacingOccurrences(of: path, with: "table.csv")
            }
        }
        #expect(try failure("candidate,g\na,1\nb,2\nc,3\nd,4\n") == "no error")
        #expect(try failure("disease,g\na,1\n") == "table.csv:1: the first column must be 'candidate', got 'disease'")
        #expect(try failure("candidate,g,women\na,1,1\n") == "table.csv:1: column 'women' is not a group of the ranking (groups: g)")
        #expect(try failure("candidate,g\na,1\nb,2\nflu,3\n") == "table.csv:4: row 'flu' is not a candidate of the ranking (candidates: a, b, c, d)")
        #expect(try failure("candidate,g\na,1\nb,2\nc,3\n") == "table.csv: no row for candidate 'd' of the ranking")
        #expect(try failure("candidate,g\na,1\nb,2\na,3\n") == "table.csv:4: duplicate row 'a' (already on line 2)")
        #expect(try failure("candidate,g\na,1\nb,many\n") == "table.csv:3: column 'g' of 'b' is not a finite number: 'many'")
    }
}
