import Foundation
import Kernels
import NucleusCore
import Tokenizer
import Transformer
import Weights

/// Where a model's files are: a GGUF file (weights, hyperparameters and tokenizer in one), or a
/// Hugging Face folder (config.json, safetensors weights, tokenizer.json, generation_config.json).
/// A path that is a folder is a Hugging Face checkpoint; anything else is read as GGUF.
public enum ModelSource {
    case gguf(GGUFFile)
    case huggingFace(HFFolder)

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelError(file: path, "no such file or folder")
        }
        self = isDirectory.boolValue ? .huggingFace(try HFFolder(path: path)) : .gguf(try GGUFFile(path: path))
    }

    /// The network, layer matrices kept as `weights` says, computing as `compute` says.
    public func loadNetwork(threads: Int, weights: WeightPrecision = .stored,
                            compute: ComputePrecision = .float32) throws -> any CausalLanguageModel {
        switch self {
        case .gguf(let file):
            return try ModelRegistry.load(gguf: file, threads: threads, weights: weights, compute: compute)
        case .huggingFace(let folder):
            return try ModelRegistry.load(huggingFace: folder.checkpoint, threads: threads, weights: weights, compute: compute)
        }
    }

    /// The network, computing as a job's `compute` choice says.
    public func loadNetwork(threads: Int, weights: WeightPrecision, computing choice: ComputeChoice) throws -> any CausalLanguageModel {
        try loadNetwork(threads: threads, weights: weights, compute: ComputePrecision(choice))
    }

    public func loadTokenizer() throws -> Tokenizer {
        switch self {
        case .gguf(let file): return try Tokenizer(gguf: GGUFTokenizerMetadata(file: file))
        case .huggingFace(let folder): return try folder.tokenizer()
        }
    }

    /// The context length the network will have, from the GGUF metadata or config.json alone.
    public func contextLength() throws -> Int {
        switch self {
        case .gguf(let file): return try ModelRegistry.contextLength(gguf: file)
        case .huggingFace(let folder): return try ModelRegistry.contextLength(huggingFace: folder.checkpoint)
        }
    }

    /// The file whose sha256 identifies the weights: the GGUF file, or the safetensors index
    /// (sharded) or `model.safetensors` of a folder.
    public var identityFile: String {
        switch self {
        case .gguf(let file): return file.path
        case .huggingFace(let folder): return folder.checkpoint.tensors.identityFile
        }
    }

    /// The job's generation settings on this model: the job's values, else generation_config.json's,
    /// else the built-in defaults; checked (see `SettingsResolution`).
    public func generationSettings(for job: JobSpec) throws -> GenerationSettings {
        try job.generationSettings(model: generationDefaults.settingsDefaults)
    }

    /// The same for one settings block of the job (nil: the single block).
    public func generationSettings(for job: JobSpec, settings: String?) throws -> GenerationSettings {
        try job.generationSettings(settings: settings, model: generationDefaults.settingsDefaults)
    }

    /// Defaults from generation_config.json (none for GGUF).
    public var generationDefaults: HFGenerationDefaults {
        switch self {
        case .gguf: return HFGenerationDefaults()
        case .huggingFace(let folder): return folder.generationDefaults
        }
    }
}

/// A Hugging Face model folder: the checkpoint (config.json + safetensors), and the tokenizer
/// and generation defaults beside it.
public struct HFFolder {
    public static let tokenizerFileName = "tokenizer.json"
    public static let tokenizerConfigFileName = "tokenizer_config.json"
    /// transformers ≥ 4.43 saves the chat template here instead of in tokenizer_config.json.
    public static let chatTemplateFileName = "chat_template.jinja"

    public let path: String
    public let checkpoint: HFCheckpoint
    public let generationDefaults: HFGenerationDefaults

    public init(path: String) throws {
        self.path = path
        checkpoint = try HFCheckpoint(folder: path)
        generationDefaults = try HFGenerationDefaults.read(folder: path)
    }

    /// A file of the folder by name.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    public var hasTokenizer: Bool { FileManager.default.fileExists(atPath: file(Self.tokenizerFileName)) }

    /// tokenizer.json, with tokenizer_config.json (BOS/EOS, add_bos_token, chat template) when
    /// present and chat_template.jinja when the config has no template.
    public func tokenizer() throws -> Tokenizer {
        let tokenizerPath = file(Self.tokenizerFileName)
        guard hasTokenizer else {
            throw ModelError(file: path, "no \(Self.tokenizerFileName) in the folder (token ids can still be given with --ids)")
        }
        let configPath = file(Self.tokenizerConfigFileName)
        var config = FileManager.default.contents(atPath: configPath)
        if let template = FileManager.default.contents(atPath: file(Self.chatTemplateFileName)) {
            config = try Self.addingChatTemplate(String(decoding: template, as: UTF8.self), to: config, configPath: configPath)
        }
        let tokenizerJSON: Data
        do {
            tokenizerJSON = try Data(contentsOf: URL(fileURLWithPath: tokenizerPath))
        } catch {
            throw ModelError(file: tokenizerPath, "cannot read: \(SystemErrorText.reason(error))")
        }
        return try Tokenizer(tokenizerJSONData: tokenizerJSON,
                             configJSONData: config, source: tokenizerPath, configSource: configPath)
    }

    /// The tokenizer config with `chat_template` set, unless it already has one.
    static func addingChatTemplate(_ template: String, to config: Data?, configPath: String) throws -> Data {
        var object: [String: Any] = [:]
        if let config {
            guard let parsed = (try? JSONSerialization.jsonObject(with: config)) as? [String: Any] else {
                throw ModelError(file: configPath, "not a JSON object")
            }
            object = parsed
        }
        if object["chat_template"] == nil || object["chat_template"] is NSNull { object["chat_template"] = template }
        return try JSONSerialization.data(withJSONObject: object)
    }
}
