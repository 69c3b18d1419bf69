import Foundation
import Kernels
import NucleusCore
import Tokenizer
import Transformer
import Weights

/// A model ready to run: network, tokenizer and what identifies the weights.
///
/// The path is a GGUF file, or a folder holding a Hugging Face checkpoint (see `ModelSource`).
/// Layer matrices stay in their stored F16/BF16 precision or GGUF integer groups unless `weights`
/// is `.float32`; other types become float32 at load (`WeightPrecision`; `nucleus inspect` shows
/// the stored types).
public final class LoadedModel {
    public let path: String
    public let model: any CausalLanguageModel
    public let tokenizer: Tokenizer
    /// Where the weights, tokenizer and defaults came from.
    public let source: ModelSource
    /// The arithmetic of the activations (`compute` of the job's model entry, `--compute`).
    public let compute: ComputeChoice

    public var config: TransformerConfig { model.config }

    /// Loads a checkpoint with its tokenizer. `threads` is the compute threads of this process.
    public init(path: String, threads: Int, weights: WeightPrecision = .stored, compute: ComputeChoice = .f32) throws {
        self.path = path
        self.compute = compute
        source = try ModelSource(path: path)
        tokenizer = try source.loadTokenizer()
        model = try source.loadNetwork(threads: threads, weights: weights, compute: ComputePrecision(compute))
        guard tokenizer.vocabularySize <= model.config.vocabularySize else {
            throw ModelError(file: path, "tokenizer has \(tokenizer.vocabularySize) tokens but the embedding matrix only \(model.config.vocabularySize) rows")
        }
    }

    /// Token ids that end generation: the tokenizer's EOS token and generation_config.json's
    /// `eos_token_id` (one id or a list, e.g. Llama 3's end-of-turn tokens).
    public var endOfSequenceIDs: Set<Int32> {
        var ids = Set(source.generationDefaults.eosTokenIDs)
        if let eos = tokenizer.eosID { ids.insert(eos) }
        return ids
    }

    /// The job's generation settings on this model: generation_config.json fills the keys the job
    /// leaves out (see `SettingsResolution`), and a value of it out of range is an error naming it.
    public func generationSettings(for job: JobSpec) throws -> GenerationSettings {
        try source.generationSettings(for: job)
    }

    /// The same for one settings block of the job (nil: the single block).
    public func generationSettings(for job: JobSpec, settings: String?) throws -> GenerationSettings {
        try source.generationSettings(for: job, settings: settings)
    }

    /// What identifies the weights in unit files: sha256 (hex) of the GGUF file, or of a folder's
    /// safetensors index (sharded) or `model.safetensors`. Hashing costs a read of that file.
    public func weightsSHA256() throws -> String {
        try SHA256.hashFile(at: URL(fileURLWithPath: source.identityFile)).hex
    }
}

extension LoadedModel {
    /// The tokenizer of a GGUF file or Hugging Face folder alone, without loading the network.
    public static func tokenizer(path: String) throws -> Tokenizer {
        try ModelSource(path: path).loadTokenizer()
    }
}

extension ComputePrecision {
    /// The job file's `compute` choice.
    public init(_ choice: ComputeChoice) {
        switch choice {
        case .f32: self = .float32
        case .bf16: self = .bfloat16
        }
    }
}

extension WeightPrecision {
    /// The job file's `weights` choice.
    public init(_ storage: WeightStorage) {
        switch storage {
        case .stored: self = .stored
        case .float32: self = .float32
        }
    }
}
