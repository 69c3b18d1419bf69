import Foundation

/// The content hash of a job: SHA-256 (hex) of the canonical JSON of what determines its results.
///
/// Included: name, seed, unit and batch sizes, generation settings (the job's values over the
/// built-in defaults, without any model's generation_config.json) and analysis settings, techniques as
/// written plus any resolved definitions the caller passes, each model's file name and byte size
/// (per file for a folder: hashing multi-GB weights on every plan would be too slow) and its
/// `compute` when it is not the default f32 and its chat `date` when set (so older jobs keep their
/// hash), and each
/// dataset's file name, SHA-256 of its bytes, shape, columns, selection and instruction.
/// Excluded: the output folder and where files live, so moving or renaming them changes nothing.
public enum JobHash {
    /// - Parameter techniqueDefinitions: resolved definitions by technique name (from Prompts),
    ///   so that editing a built-in template also changes the hash.
    public static func compute(job: JobSpec, techniqueDefinitions: [String: String] = [:]) throws -> String {
        let fingerprint = try JobFingerprint(job: job, techniqueDefinitions: techniqueDefinitions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return SHA256.hash(try encoder.encode(fingerprint)).hex
    }
}

/// What `JobHash` hashes; field names are part of the hash, so keep them stable.
struct JobFingerprint: Encodable {
    var version = 1
    var name: String
    var seed: UInt64
    var unitSize: Int
    var batchSize: Int
    var models: [Model]
    var datasets: [Dataset]
    var techniques: [TechniqueSpec]
    var techniqueDefinitions: [String: String]
    var generation: GenerationSettings
    /// The settings blocks in order, only for a job with a settings axis (absent otherwise, so
    /// single-block jobs keep their hash).
    var settingsBlocks: [SettingsBlock]?
    var analysis: AnalysisSettings

    struct SettingsBlock: Encodable {
        var name: String
        var generation: GenerationSettings
    }

    struct Model: Encodable {
        var name: String
        var chatTemplate: ChatTemplateChoice
        /// File name → size in bytes; one entry for a GGUF file, every top-level file of a folder.
        var files: [String: Int64]
        var folder: String?
        /// Only when not f32 (absent keys are not encoded), so the hashes of jobs written before
        /// `compute` existed are unchanged.
        var compute: ComputeChoice?
        /// Only when set, for the same reason.
        var date: String?
    }

    struct Dataset: Encodable {
        var spec: DatasetSpec
        var sha256: String
        var fewshotPoolSHA256: String?
    }

    init(job: JobSpec, techniqueDefinitions: [String: String]) throws {
        name = job.name
        seed = job.seed
        unitSize = job.unitSize
        batchSize = job.batchSize
        techniques = job.techniques
        self.techniqueDefinitions = techniqueDefinitions
        generation = try job.generationSettings()
        settingsBlocks = try job.settingsGrid?.map {
            SettingsBlock(name: $0.name, generation: try job.generationSettings(settings: $0.name))
        }
        analysis = job.analysis
        models = try job.models.map { model in
            let (files, folder) = try Self.modelFiles(at: model.path)
            return Model(name: model.name, chatTemplate: model.chatTemplate, files: files, folder: folder,
                         compute: model.compute == .f32 ? nil : model.compute, date: model.date)
        }
        datasets = try job.datasets.map { dataset in
            var spec = dataset
            spec.path = URL(fileURLWithPath: dataset.path).lastPathComponent
            var poolHash: String?
            if let pool = dataset.fewshotPool {
                spec.fewshotPool?.path = URL(fileURLWithPath: pool.path).lastPathComponent
                poolHash = try SHA256.hashFile(at: URL(fileURLWithPath: pool.path)).hex
            }
            let hash = try SHA256.hashFile(at: URL(fileURLWithPath: dataset.path)).hex
            return Dataset(spec: spec, sha256: hash, fewshotPoolSHA256: poolHash)
        }
    }

    private static func modelFiles(at path: String) throws -> (files: [String: Int64], folder: String?) {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw FileHashError(path: path, reason: "no such file or folder")
        }
        let url = URL(fileURLWithPath: path)
        guard isFolder.boolValue else {
            return ([url.lastPathComponent: try size(of: path)], nil)
        }
        var files: [String: Int64] = [:]
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: path)
        } catch {
            throw FileHashError(path: path, reason: "cannot list the folder: \(SystemErrorText.reason(error))")
        }
        for entry in entries where !entry.hasPrefix(".") {
            let entryPath = url.appendingPathComponent(entry).path
            var entryIsFolder: ObjCBool = false
            if manager.fileExists(atPath: entryPath, isDirectory: &entryIsFolder), !entryIsFolder.boolValue {
                files[entry] = try size(of: entryPath)
            }
        }
        return (files, url.lastPathComponent)
    }

    private static func size(of path: String) throws -> Int64 {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw FileHashError(path: path, reason: "cannot read the size: \(SystemErrorText.reason(error))")
        }
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }
}
