import Foundation
import Store

/// A complete unit file and its root attributes, read before any token is merged.
struct HeaderedFile: Sendable {
    var file: URL
    var header: UnitHeader

    var rowKey: CorrelationKey {
        CorrelationKey(model: header.model.name, dataset: header.dataset, technique: header.technique,
                       settings: header.settings)
    }
}

/// Which unit files may be reduced together. A report row pools every file of one
/// (model, dataset, technique), so those files must share the generation and analysis settings
/// (a nucleus cosine at top-p 0.9 and one at 0.95 are different quantities); and a results
/// folder holds one job, so every file carries the job hash of `job.json`. Files of another job
/// have other unit ids, so without this check their prompts would count twice.
enum UnitFileConsistency {
    /// The first disagreement, naming two files (or `job.json` and a file); nil when all agree.
    /// Files are taken in the given (path) order, so the same folder always names the same pair.
    static func firstMismatch(_ files: [HeaderedFile], stamp: JobStamp?, stampFile: URL) -> ReduceError? {
        if let stamp, let other = files.first(where: { $0.header.jobHash != stamp.jobHash }) {
            return .mixedJobs(firstPath: stampFile.path, firstHash: stamp.jobHash,
                              secondPath: other.file.path, secondHash: other.header.jobHash)
        }
        if let first = files.first, let other = files.first(where: { $0.header.jobHash != first.header.jobHash }) {
            return .mixedJobs(firstPath: first.file.path, firstHash: first.header.jobHash,
                              secondPath: other.file.path, secondHash: other.header.jobHash)
        }
        var firstOfRow: [CorrelationKey: HeaderedFile] = [:]
        for file in files {
            guard let first = firstOfRow[file.rowKey] else {
                firstOfRow[file.rowKey] = file
                continue
            }
            for (name, path) in [("generation", \UnitHeader.generationJSON), ("analysis", \UnitHeader.analysisJSON)]
            where first.header[keyPath: path] != file.header[keyPath: path] {
                return .mixedSettings(row: file.rowKey.description, setting: name,
                                      firstPath: first.file.path, firstValue: first.header[keyPath: path],
                                      secondPath: file.file.path, secondValue: file.header[keyPath: path])
            }
        }
        return nil
    }

    /// The files split into groups that each pass `firstMismatch`: one per distinct
    /// (job hash, generation settings, analysis settings), ordered by those values.
    static func groups(_ files: [HeaderedFile]) -> [[HeaderedFile]] {
        struct GroupKey: Hashable, Comparable {
            var jobHash, generation, analysis: String
            static func < (a: GroupKey, b: GroupKey) -> Bool {
                (a.jobHash, a.generation, a.analysis) < (b.jobHash, b.generation, b.analysis)
            }
        }
        let grouped = Dictionary(grouping: files) {
            GroupKey(jobHash: $0.header.jobHash, generation: $0.header.generationJSON, analysis: $0.header.analysisJSON)
        }
        return grouped.keys.sorted().compactMap { grouped[$0] }
    }
}

/// The generation and analysis settings every unit file of one report row recorded.
public struct RowSettings: Sendable, Equatable {
    public var key: CorrelationKey
    /// Sampling settings as the unit files store them (a JSON object).
    public var generationJSON: String
    /// Analysis settings (nucleus `top_p`, `top_k`, ...) as a JSON object.
    public var analysisJSON: String

    /// "nucleus top-p 0.9, top-K 20" from the analysis JSON; the JSON itself when it lacks them.
    public var analysisDescription: String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(analysisJSON.utf8)) as? [String: Any],
              let topP = object["top_p"] as? NSNumber, let topK = object["top_k"] as? NSNumber else {
            return analysisJSON
        }
        return "nucleus top-p \(topP), top-K \(topK)"
    }

    static func of(_ files: [HeaderedFile]) -> [RowSettings] {
        var rows: [CorrelationKey: RowSettings] = [:]
        for file in files where rows[file.rowKey] == nil {
            rows[file.rowKey] = RowSettings(key: file.rowKey, generationJSON: file.header.generationJSON,
                                            analysisJSON: file.header.analysisJSON)
        }
        return rows.values.sorted { $0.key < $1.key }
    }
}
