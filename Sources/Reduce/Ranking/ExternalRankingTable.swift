import Foundation
import Prompts

/// A table to compare model rankings with (`--compare-ranking FILE.csv`): rows are candidates,
/// columns are groups, values are counts or prevalences (any numbers; higher = ranked higher).
/// The first column's header is `candidate`.
public struct ExternalRankingTable: Sendable, Equatable {
    public var path: String
    /// Group columns in file order.
    public var groups: [String]
    /// Candidates in file order.
    public var candidates: [String]
    /// values[group][candidate].
    public var values: [String: [String: Double]]

    /// Reads and checks the file against the candidates and groups of the ranking: every row must
    /// be a candidate and every candidate a row; every column must be a group. Groups of the
    /// ranking without a column are simply not compared.
    /// - Throws: `ExternalRankingTableError` naming the file and line.
    public init(path: String, candidates known: Set<String>, groups knownGroups: Set<String>) throws {
        let table: CSVTable
        do {
            table = try CSVTable(path: path)
        } catch let error as DatasetError {
            throw ExternalRankingTableError(file: error.file, line: error.line, message: error.message)
        }
        guard table.columns.first == "candidate" else {
            throw ExternalRankingTableError(file: path, line: 1, message: "the first column must be 'candidate', got '\(table.columns.first ?? "")'")
        }
        let groups = Array(table.columns.dropFirst())
        guard !groups.isEmpty else {
            throw ExternalRankingTableError(file: path, line: 1, message: "no group columns after 'candidate'")
        }
        if let unknown = groups.first(where: { !knownGroups.contains($0) }) {
            throw ExternalRankingTableError(
                file: path, line: 1,
                message: "column '\(unknown)' is not a group of the ranking (groups: \(knownGroups.sorted().joined(separator: ", ")))")
        }
        var candidates: [String] = []
        var lineOf: [String: Int] = [:]
        var values: [String: [String: Double]] = [:]
        for record in table.records {
            let candidate = record.fields["candidate", default: ""]
            guard known.contains(candidate) else {
                throw ExternalRankingTableError(
                    file: path, line: record.line,
                    message: "row '\(candidate)' is not a candidate of the ranking (candidates: \(known.sorted().joined(separator: ", ")))")
            }
            if let earlier = lineOf[candidate] {
                throw ExternalRankingTableError(file: path, line: record.line, message: "duplicate row '\(candidate)' (already on line \(earlier))")
            }
            lineOf[candidate] = record.line
            candidates.append(candidate)
            for group in groups {
                let text = record.fields[group, default: ""].trimmingCharacters(in: .whitespaces)
                guard let value = Double(text), value.isFinite else {
                    throw ExternalRankingTableError(
                        file: path, line: record.line, message: "column '\(group)' of '\(candidate)' is not a finite number: '\(text)'")
                }
                values[group, default: [:]][candidate] = value
            }
        }
        if let missing = known.sorted().first(where: { lineOf[$0] == nil }) {
            throw ExternalRankingTableError(file: path, line: nil, message: "no row for candidate '\(missing)' of the ranking")
        }
        self.path = path
        self.groups = groups
        self.candidates = candidates
        self.values = values
    }
}

/// The comparison table does not fit the ranking, or cannot be read.
public struct ExternalRankingTableError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}
