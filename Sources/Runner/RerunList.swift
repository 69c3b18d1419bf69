import Foundation
import NucleusCore
import Prompts
import Scheduling
import Store

/// One prompt to run again, as a line of a rerun CSV names it.
public struct RerunRequest: Sendable, Equatable {
    public var model: String
    public var dataset: String
    public var technique: String
    /// The settings block (optional `settings` column; nil or empty: every block).
    public var settings: String? = nil
    /// The sample index (optional `sample` column; nil: every sample).
    public var sample: Int? = nil
    /// The dataset row (`DatasetRow.index`, the `row` column of a unit file's `/prompts`).
    public var row: Int
    /// 1-based line of the CSV, for error messages.
    public var line: Int
}

/// A rerun CSV (`nucleus run JOB --rerun FILE.csv`): a header naming at least the columns
/// `model`, `dataset`, `technique`, `row` (any order, other columns ignored), then one prompt a line.
/// Optional columns narrow a line down: `settings` (a settings block's name) and `sample` (one
/// sample index); left out or empty, every settings block and every sample of the row is rerun.
public struct RerunList: Sendable {
    public let path: String
    public let requests: [RerunRequest]

    static let requiredColumns = ["model", "dataset", "technique", "row"]

    /// Reads and parses the CSV; errors name the file and line.
    public init(path: String) throws {
        self.path = path
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RunnerError("\(path): cannot read the rerun list: \(SystemErrorText.reason(error))")
        }
        requests = try Self.parse(text, path: path)
    }

    /// Parses CSV text (no quoted fields containing commas or newlines: names and row numbers never need them).
    static func parse(_ text: String, path: String) throws -> [RerunRequest] {
        // `isNewline` also matches "\r\n", a single Character in Swift.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let headerLine = lines.first, !headerLine.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw RunnerError("\(path):1: empty rerun list: expected a header line with columns \(requiredColumns.joined(separator: ","))")
        }
        let header = fields(headerLine)
        var columns: [String: Int] = [:]
        for name in requiredColumns {
            guard let index = header.firstIndex(of: name) else {
                throw RunnerError("\(path):1: missing column '\(name)' (has: \(header.joined(separator: ", "))); the header must name \(requiredColumns.joined(separator: ","))")
            }
            columns[name] = index
        }
        var requests: [RerunRequest] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let number = offset + 1
            let values = fields(line)
            func value(_ name: String) throws -> String {
                guard let index = columns[name], index < values.count, !values[index].isEmpty else {
                    throw RunnerError("\(path):\(number): missing value for '\(name)'")
                }
                return values[index]
            }
            let rowText = try value("row")
            guard let row = Int(rowText), row >= 0 else {
                throw RunnerError("\(path):\(number): row '\(rowText)' is not a non-negative integer")
            }
            func optional(_ name: String) -> String? {
                guard let index = header.firstIndex(of: name), index < values.count, !values[index].isEmpty else { return nil }
                return values[index]
            }
            var sample: Int?
            if let sampleText = optional("sample") {
                guard let value = Int(sampleText), value >= 0 else {
                    throw RunnerError("\(path):\(number): sample '\(sampleText)' is not a non-negative integer")
                }
                sample = value
            }
            requests.append(RerunRequest(model: try value("model"), dataset: try value("dataset"),
                                         technique: try value("technique"), settings: optional("settings"),
                                         sample: sample, row: row, line: number))
        }
        guard !requests.isEmpty else { throw RunnerError("\(path): no prompts listed after the header") }
        return requests
    }

    private static func fields(_ line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    /// Only generated prompts can be rerun. A scored or ranked row is teacher-forced, so another
    /// attempt gives the same numbers; and a score unit's average distribution sums all its rows,
    /// so an attempt holding only the rerun rows would replace that sum with a partial one.
    static func checkRerunnable(_ task: DatasetTask, dataset: String, at: String) throws {
        guard task != .generate else { return }
        throw RunnerError("\(at): dataset '\(dataset)' has task: \(task.rawValue); --rerun reruns generated prompts only (a \(task.rawValue) row is deterministic, and its unit would lose the other rows' values): delete the dataset's unit files and run the job again instead")
    }

    /// The assignments that rerun the listed prompts: per unit, the listed rows as attempt K+1,
    /// K being the highest attempt on disk. Every sample (and settings block) of a listed cell is rerun unless the line names one. Throws,
    /// naming the CSV line, for a model, dataset, technique or row the job does not have, and for
    /// a unit that has no file yet (run the job first).
    public func assignments(for run: JobRun, scan: ResultsScan) throws -> [UnitAssignment] {
        let job = run.job
        var highestAttempt: [String: Int] = [:]
        for name in scan.complete.map(\.name) + scan.unusable.map(\.location.name) {
            highestAttempt[name.unitID] = max(highestAttempt[name.unitID] ?? 0, name.attempt)
        }
        var rowsByUnit: [String: Set<Int>] = [:]
        for request in requests {
            let at = "\(path):\(request.line)"
            guard job.models.contains(where: { $0.name == request.model }) else {
                throw RunnerError("\(at): unknown model '\(request.model)' (job has: \(job.models.map(\.name).joined(separator: ", ")))")
            }
            guard let dataset = run.prompts.datasets[request.dataset] else {
                throw RunnerError("\(at): unknown dataset '\(request.dataset)' (job has: \(job.datasets.map(\.name).joined(separator: ", ")))")
            }
            if let spec = job.datasets.first(where: { $0.name == request.dataset }) {
                try Self.checkRerunnable(spec.task, dataset: spec.name, at: at)
            }
            guard run.prompts.techniques[request.technique] != nil else {
                throw RunnerError("\(at): unknown technique '\(request.technique)' (job has: \(run.prompts.techniques.keys.sorted().joined(separator: ", ")))")
            }
            guard let position = dataset.rows.firstIndex(where: { $0.index == request.row }) else {
                let range = dataset.rows.isEmpty ? "none" : "\(dataset.rows.first?.index ?? 0)...\(dataset.rows.last?.index ?? 0)"
                throw RunnerError("\(at): row \(request.row) is not in the job's selection of dataset '\(request.dataset)' (rows \(range))")
            }
            if let settings = request.settings, !job.settingsNames.contains(settings) {
                let names = job.settingsNames.compactMap { $0 }
                throw RunnerError("\(at): unknown settings '\(settings)' (job has: \(names.isEmpty ? "a single generation block" : names.joined(separator: ", ")))")
            }
            let units = run.plan.units.filter {
                $0.cell.model == request.model && $0.cell.dataset == request.dataset
                    && $0.cell.technique == request.technique && $0.rows.contains(position)
                    && (request.settings == nil || $0.cell.settings == request.settings)
                    && (request.sample == nil || $0.cell.sample == request.sample)
            }
            if let sample = request.sample, units.isEmpty {
                throw RunnerError("\(at): sample \(sample) is not in the job (generation.samples is smaller)")
            }
            for unit in units {
                guard highestAttempt[unit.id] != nil else {
                    throw RunnerError("\(at): unit \(unit.id) (\(unit.cell), row \(request.row)) has no file yet: run the job to completion before rerunning prompts")
                }
                rowsByUnit[unit.id, default: []].insert(request.row)
            }
        }
        return run.plan.units.compactMap { unit in
            guard let rows = rowsByUnit[unit.id], let attempt = highestAttempt[unit.id] else { return nil }
            return UnitAssignment(unit: unit, attempt: attempt + 1, onlyRows: rows.sorted())
        }
    }
}
