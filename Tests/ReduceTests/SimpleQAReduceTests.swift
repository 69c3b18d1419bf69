import Foundation
import Testing
import Prompts
@testable import Reduce

/// SimpleQA rates and `--grades` on hand-counted cases.
struct SimpleQAReduceTests {
    @Test func ratesAndFScoreFromCounts() throws {
        // 3 correct, 1 incorrect, 2 not attempted: all = 3/6, given attempted = 3/4, F = 2·0.5·0.75/1.25 = 0.6.
        let interval = Statistics.wilsonInterval(successes: 3, trials: 6)
        #expect(abs(interval.proportion - 0.5) < 1e-15)
        let grades: [SimpleQAGrade] = [.correct, .correct, .correct, .incorrect, .notAttempted, .notAttempted]
        let row = try #require(SimpleQARow.computeForTesting(grades: grades))
        #expect(row.correct == 3 && row.incorrect == 1 && row.notAttempted == 2)
        #expect(abs(row.accuracyGivenAttempted.proportion - 0.75) < 1e-15)
        #expect(abs(row.fScore - 0.6) < 1e-12)
        // Wilson 95% interval of 3/6 (z = 1.959963984540054): 0.1876163, 0.8123837 (the Wilson score formula).
        #expect(abs(row.correctRate.lower - 0.18761630648265) < 1e-12 && abs(row.correctRate.upper - 0.81238369351735) < 1e-12)
    }

    @Test func externalGradesFileIsReadAndChecked() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-grades-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ text: String) throws -> URL {
            let url = folder.appendingPathComponent("grades-\(UUID().uuidString).csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url
        }
        let good = try ExternalGrades(contentsOf: write("row,grade,model\n3,correct,\n4,NOT_ATTEMPTED,m1\n4,incorrect,m2\n"))
        #expect(try good.grade(model: "any", dataset: "d", technique: "t", row: 3, sample: 0) == .correct)
        #expect(try good.grade(model: "m1", dataset: "d", technique: "t", row: 4, sample: 0) == .notAttempted)
        #expect(try good.grade(model: "m2", dataset: "d", technique: "t", row: 4, sample: 0) == .incorrect)
        #expect(try good.grade(model: "m1", dataset: "d", technique: "t", row: 5, sample: 0) == nil)

        // A `sample` column grades one sample; an empty cell (or no column, above) grades every sample.
        let bySample = try ExternalGrades(contentsOf: write("row,sample,grade\n7,1,correct\n7,2,incorrect\n8,,not_attempted\n"))
        #expect(try bySample.grade(model: "m", dataset: "d", technique: "t", row: 7, sample: 0) == nil)
        #expect(try bySample.grade(model: "m", dataset: "d", technique: "t", row: 7, sample: 1) == .correct)
        #expect(try bySample.grade(model: "m", dataset: "d", technique: "t", row: 7, sample: 2) == .incorrect)
        for sample in 0..<3 {
            #expect(try bySample.grade(model: "m", dataset: "d", technique: "t", row: 8, sample: sample) == .notAttempted)
        }
        #expect(try good.grade(model: "any", dataset: "d", technique: "t", row: 3, sample: 5) == .correct)

        let conflicting = try ExternalGrades(contentsOf: write("row,grade\n1,correct\n1,incorrect\n"))
        #expect(throws: ReduceError.self) { try conflicting.grade(model: "m", dataset: "d", technique: "t", row: 1, sample: 0) }
        for (text, message) in [
            ("row,verdict\n1,correct\n", "line 1: needs the columns row and grade"),
            ("row,grade\n1,maybe\n", "line 2: grade 'maybe' is not one of"),
            ("row,grade\nx,correct\n", "line 2: row 'x' is not a row number"),
            ("row,grade\n1,correct,extra\n", "line 2:"),
            ("row,grade,sample\n1,correct,0\n1,correct,-1\n", "line 3: sample '-1' is not a sample index"),
            ("row,grade,sample\n1,correct,first\n", "line 2: sample 'first' is not a sample index"),
        ] {
            let url = try write(text)
            #expect {
                _ = try ExternalGrades(contentsOf: url)
            } throws: { error in
                "\(error)".hasPrefix(url.path + ": ") && "\(error)".contains(message)
            }
        }
    }
}
