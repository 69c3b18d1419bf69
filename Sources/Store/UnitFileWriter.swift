import Foundation
import NucleusCore

/// Writes a `UnitRecord` as one HDF5 schema v1 file, atomically: the data go to
/// `<final>.tmp-<pid>-<random>` in the same folder, the root attribute `complete` becomes 1 last,
/// the file is closed, sealed with a content checksum in its user block (`UnitFileSeal`) and
/// fsynced, then moved to the final path. On any failure the temporary
/// file is removed and nothing appears at the final path.
public struct UnitFileWriter: Sendable {
    /// Points inside a write where tests inject a failure.
    enum Stage: Sendable { case afterHeader, afterPrompts, afterTokens, beforePublish }

    /// Test hook: called at each stage; a thrown error aborts the write like a real failure.
    var faultInjector: (@Sendable (Stage) throws -> Void)?

    public init() {}

    /// Writes `record` to `url` (creating its folder). `record.header.complete` is ignored: the
    /// file is marked complete exactly when everything else is on disk. Fails with
    /// `.alreadyExists` rather than replace an existing file, since a rerun is a new attempt.
    public func write(_ record: UnitRecord, to url: URL) throws {
        let finalPath = url.path
        if let problem = record.consistencyProblem() {
            throw StoreError(.invalidRecord, path: finalPath, problem)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError(.io, path: url.deletingLastPathComponent().path, "cannot create the folder: \(SystemErrorText.reason(error))")
        }
        if FileManager.default.fileExists(atPath: finalPath) {
            throw StoreError(.alreadyExists, path: finalPath, "a unit file already exists here")
        }
        let temporaryPath = Self.temporaryPath(for: finalPath)
        do {
            try writeContents(record, to: temporaryPath)
            try UnitFileSeal.seal(path: temporaryPath)
            try PosixFile.fsync(path: temporaryPath)
            try faultInjector?(.beforePublish)
            try PosixFile.publish(temporaryPath, as: finalPath)
        } catch {
            _ = unlink(temporaryPath)
            throw error
        }
        PosixFile.syncDirectory(of: finalPath)
    }

    /// Marks every temporary name, so a results scan can recognise leftovers of crashed writers.
    public static let temporaryMarker = ".tmp-"

    static func temporaryPath(for finalPath: String) -> String {
        let random = UInt32.random(in: .min ... .max)
        return finalPath + temporaryMarker + "\(getpid())-" + String(random, radix: 16)
    }

    private func writeContents(_ record: UnitRecord, to path: String) throws {
        let file = try HDF5File.createNew(path, userBlockSize: UnitFileSeal.userBlockSize)
        try writeRootAttributes(record, file)
        try faultInjector?(.afterHeader)
        try writePrompts(record, try file.createGroup(UnitFileSchema.promptsGroup))
        try UnitFileScoring.write(record.scoring, file: file)
        try faultInjector?(.afterPrompts)
        try writeTokens(record.tokens, try file.createGroup(UnitFileSchema.tokensGroup))
        try UnitFileDistributions.write(record.distributions, tokenCount: record.tokens.count, file: file)
        try faultInjector?(.afterTokens)
        if let ranking = record.ranking { try RankingTableStorage.write(ranking, into: file) }
        try file.setAttribute("complete", Int64(1))
        try file.close()
    }

    private func writeRootAttributes(_ record: UnitRecord, _ file: HDF5File) throws {
        let header = record.header
        let offsets = record.tokenOffsets.map(Int64.init)
        try file.setAttribute("schema_version", UnitFileSchema.version)
        try file.setAttribute("complete", Int64(0))
        let strings: [(String, String)] = [
            ("nucleus_version", header.nucleusVersion), ("job_name", header.jobName), ("job_hash", header.jobHash),
            ("unit_id", header.unitID), ("model", try Self.modelJSON(header.model, path: file.origin.path)),
            ("model_name", header.model.name), ("model_path", header.model.path),
            ("model_architecture", header.model.architecture), ("model_sha256", header.model.sha256),
            ("dataset", header.dataset), ("technique", header.technique),
            ("generation", header.generationJSON), ("analysis", header.analysisJSON),
            ("host", header.host), ("started", header.started), ("finished", header.finished),
            ("checksum_algorithm", UnitFileSchema.checksumAlgorithm),
        ]
        for (name, value) in strings { try file.setAttribute(name, value) }
        if let shape = header.datasetShape { try file.setAttribute("dataset_shape", shape) }
        if let answerType = header.answerType { try file.setAttribute("answer_type", answerType) }
        // Only with a settings axis: single-block files stay as they were.
        if !header.settings.isEmpty { try file.setAttribute("settings", header.settings) }
        if !header.perturbation.isEmpty {
            try file.setAttribute("perturbation", header.perturbation)
            try file.setAttribute("perturbation_base", header.perturbationBase)
        }
        let integers: [(String, Int)] = [
            ("attempt", header.attempt), ("sample", header.sample), ("rank", header.rank),
            ("n_prompts", record.prompts.count), ("n_tokens", record.tokens.count), ("top_k", record.tokens.topK),
        ]
        for (name, value) in integers { try file.setAttribute(name, Int64(value)) }
        try file.setAttribute("seed", header.seed)
        try file.setAttribute("token_checksum", FNV1a64.unitChecksum(tokenIDs: record.tokens.tokenID, tokenOffsets: offsets))
    }

    private func writePrompts(_ record: UnitRecord, _ group: HDF5Group) throws {
        let prompts = record.prompts
        let count = prompts.count
        try group.createDataset("row", values: prompts.map { Int64($0.row) }, shape: [count], compressed: false)
        try group.createStringDataset("prompt_text", values: prompts.map(\.promptText))
        try group.createStringDataset("reference", values: prompts.map(\.reference))
        try group.createStringDataset("completion_text", values: prompts.map(\.completionText))
        try group.createStringDataset("finish_reason", values: prompts.map(\.finishReason))
        try group.createStringDataset(UnitFileSchema.promptError, values: prompts.map(\.error))
        try group.createStringDataset(UnitFileSchema.promptLabel, values: prompts.map(\.label))
        try group.createDataset("n_prompt_tokens", values: prompts.map { Int64($0.promptTokenCount) }, shape: [count], compressed: false)
        try group.createDataset("n_generated", values: prompts.map { Int64($0.generatedCount) }, shape: [count], compressed: false)
        let offsets = try group.createDataset("token_offset", values: record.tokenOffsets.map(Int64.init), shape: [count + 1], compressed: false)
        try offsets.setAttribute("description", "prompt i owns tokens token_offset[i] ..< token_offset[i+1]")
        try UnitFileEmbeddingMeans.write(record.embeddingMeans, prompts: group)
    }

    private func writeTokens(_ tokens: TokenColumns, _ group: HDF5Group) throws {
        for column in tokens.storedColumns {
            let shape = column.shape(tokens: tokens.count, extent: tokens.extent)
            let dataset: HDF5Dataset
            switch tokens[column] {
            case .int32(let values): dataset = try group.createDataset(column.name, values: values, shape: shape, compressed: true)
            case .float32(let values): dataset = try group.createDataset(column.name, values: values, shape: shape, compressed: true)
            case .float64(let values): dataset = try group.createDataset(column.name, values: values, shape: shape, compressed: true)
            }
            try dataset.setAttribute("description", column.description)
            if !column.units.isEmpty { try dataset.setAttribute("units", column.units) }
        }
    }

    private static func modelJSON(_ model: ModelIdentity, path: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(model), as: UTF8.self)
        } catch {
            throw StoreError(.invalidRecord, path: path, "cannot encode the model identity as JSON: \(error)")
        }
    }
}
