import Foundation
import NucleusCore
import Store
import Tokenizer
import Transformer
import Weights

/// A model ready to run: network, tokenizer and what identifies the weights.
public final class LoadedModel {
    public let path: String
    public let model: any CausalLanguageModel
    public let tokenizer: Tokenizer
    /// `general.*` and hyperparameter metadata of the file, for `nucleus inspect`.
    public let file: GGUFFile

    public var config: TransformerConfig { model.config }

    /// Loads a GGUF checkpoint with its tokenizer. `threads` is the compute threads of this process.
    public init(path: String, threads: Int) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelError(file: path, "no such file or folder")
        }
        guard !isDirectory.boolValue else {
            throw ModelError(file: path, "Hugging Face folders are not supported yet; give a GGUF file")
        }
        self.path = path
        file = try GGUFFile(path: path)
        tokenizer = try Tokenizer(gguf: Self.tokenizerMetadata(file))
        model = try ModelRegistry.load(gguf: file, threads: threads)
        guard tokenizer.vocabularySize <= model.config.vocabularySize else {
            throw ModelError(file: path, "tokenizer has \(tokenizer.vocabularySize) tokens but the embedding matrix only \(model.config.vocabularySize) rows")
        }
    }

    /// The tokenizer.* keys of a GGUF file as plain values.
    static func tokenizerMetadata(_ file: GGUFFile) throws -> GGUFTokenizerMetadata {
        let optionalID = { (key: String) in file.metadata[key]?.intValue.map(Int32.init) }
        return GGUFTokenizerMetadata(
            model: try file.string("tokenizer.ggml.model"),
            pre: file.metadata["tokenizer.ggml.pre"]?.stringValue,
            tokens: try file.strings("tokenizer.ggml.tokens"),
            tokenTypes: file.metadata["tokenizer.ggml.token_type"] == nil ? [] : try file.ints("tokenizer.ggml.token_type").map(Int32.init),
            merges: file.metadata["tokenizer.ggml.merges"] == nil ? [] : try file.strings("tokenizer.ggml.merges"),
            bosID: optionalID("tokenizer.ggml.bos_token_id"),
            eosID: optionalID("tokenizer.ggml.eos_token_id"),
            unkID: optionalID("tokenizer.ggml.unknown_token_id"),
            padID: optionalID("tokenizer.ggml.padding_token_id"),
            addBOS: file.metadata["tokenizer.ggml.add_bos_token"]?.boolValue ?? false,
            addEOS: file.metadata["tokenizer.ggml.add_eos_token"]?.boolValue ?? false,
            chatTemplate: file.metadata["tokenizer.chat_template"]?.stringValue)
    }

    /// Token ids that end generation: the EOS token (and the end-of-turn token of chat templates).
    public var endOfSequenceIDs: Set<Int32> {
        var ids = Set<Int32>()
        if let eos = tokenizer.eosID { ids.insert(eos) }
        return ids
    }

    /// Identity recorded in unit files; hashing the weights costs a read of the whole file.
    public func identity(name: String) throws -> ModelIdentity {
        ModelIdentity(name: name, path: path, architecture: model.config.architecture,
                      sha256: try SHA256.hashFile(at: URL(fileURLWithPath: path)).hex)
    }
}

extension LoadedModel {
    /// The tokenizer of a GGUF file alone, without loading the network.
    public static func tokenizer(path: String) throws -> Tokenizer {
        try Tokenizer(gguf: tokenizerMetadata(GGUFFile(path: path)))
    }
}
