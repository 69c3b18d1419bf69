import Foundation
import Prompts

/// Grades from an outside grader (an LLM judge, people) for `nucleus reduce --grades FILE.csv`:
/// they replace the SimpleQA rule's grade of the prompts they name.
///
/// The CSV needs `row` and `grade` (correct | incorrect | not_attempted) columns; `model`,
/// `dataset`, `technique` are optional and, when present and non-empty, must match too (so one
/// file can grade every model's answers to a row, or each model separately). So is `sample`: a
/// sample index grades that one sample of the prompt; empty or absent, every sample. A prompt matched by
/// two lines with different grades is an error, as are unknown grades and missing columns —
/// each named with the file and line.
public struct ExternalGrades: Sendable, Equatable {
    struct Line: Sendable, Equatable {
        var model: String?
        var dataset: String?
        var technique: String?
        /// nil: every sample of the prompt.
        var sample: Int?
        var row: Int
        var grade: SimpleQAGrade
        var lineNumber: Int
    }

    var lines: [Line]
    public let path: String

    public init(contentsOf url: URL) throws {
        path = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReduceError.badGradesFile(path: url.path, problem: "cannot be read")
        }
        let records: [(line: Int, fields: [String: String])]
        do {
            records = try CSVRecords.read(data, file: url.path)
        } catch let error as DatasetError {
            throw ReduceError.badGradesFile(path: url.path, problem: "line \(error.line ?? 1): \(error.message)")
        }
        guard let first = records.first else {
            throw ReduceError.badGradesFile(path: url.path, problem: "has no graded lines")
        }
        guard first.fields["row"] != nil, first.fields["grade"] != nil else {
            throw ReduceError.badGradesFile(
                path: url.path, problem: "line 1: needs the columns row and grade (found \(first.fields.keys.sorted().joined(separator: ", ")))")
        }
        lines = try records.map { record in
            let fields = record.fields
            let rowText = fields["row", default: ""], gradeText = fields["grade", default: ""]
            guard let row = Int(rowText.trimmingCharacters(in: .whitespaces)), row >= 0 else {
                throw ReduceError.badGradesFile(path: url.path, problem: "line \(record.line): row '\(rowText)' is not a row number")
            }
            guard let grade = SimpleQAGrade(rawValue: gradeText.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw ReduceError.badGradesFile(
                    path: url.path, problem: "line \(record.line): grade '\(gradeText)' is not one of correct | incorrect | not_attempted")
            }
            func filter(_ name: String) -> String? {
                fields[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            }
            var sample: Int?
            if let sampleText = filter("sample") {
                guard let value = Int(sampleText.trimmingCharacters(in: .whitespaces)), value >= 0 else {
                    throw ReduceError.badGradesFile(
                        path: url.path, problem: "line \(record.line): sample '\(sampleText)' is not a sample index (a non-negative integer)")
                }
                sample = value
            }
            return Line(model: filter("model"), dataset: filter("dataset"), technique: filter("technique"), sample: sample,
                        row: row, grade: grade, lineNumber: record.line)
        }
    }

    /// The external grade of a prompt, nil when no line names it.
    func grade(model: String, dataset: String, technique: String, row: Int, sample: Int) throws -> SimpleQAGrade? {
        let matching = lines.filter {
            $0.row == row && ($0.model ?? model) == model && ($0.dataset ?? dataset) == dataset
                && ($0.technique ?? technique) == technique && ($0.sample ?? sample) == sample
        }
        guard let first = matching.first else { return nil }
        if let other = matching.first(where: { $0.grade != first.grade }) {
            throw ReduceError.badGradesFile(path: path, problem: "lines \(first.lineNumber) and \(other.lineNumber) grade \(model)/\(dataset)/\(technique) row \(row) sample \(sample) differently")
        }
        return first.grade
    }
}
