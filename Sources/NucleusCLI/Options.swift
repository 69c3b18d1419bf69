import ArgumentParser
import Foundation
import Generation
import ModelLoading
import NucleusCore
import Transformer

/// The model a command works on, and how many threads it may use.
///
/// Numeric options parse `.unconditional`ly: otherwise ArgumentParser reads the value `-1` as an
/// option name and says "Missing value for '--threads'" instead of what is wrong with -1.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("GGUF file or Hugging Face folder (config.json + safetensors).", valueName: "path"))
    var model: String

    @Option(name: .long, parsing: .unconditional, help: "Compute threads (the default is every core of this machine).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp(
        "stored: F16/BF16 matrices stay 16-bit, packed at load and widened in registers (half the memory); float32: widened to float32 at load. Same results bit for bit.",
        valueName: "stored|float32"))
    var weights: WeightStorage = .stored

    @Option(name: .long, help: ArgumentHelp(
        "f32: float32 throughout; bf16: as transformers computes the model loaded in bfloat16 (README \"bf16 compute\").",
        valueName: "f32|bf16"))
    var compute: ComputeChoice = .f32

    /// The model, loaded as these options say.
    func load() throws -> LoadedModel {
        try LoadedModel(path: model, threads: threads, weights: WeightPrecision(weights), compute: compute)
    }

    /// The network alone, as these options say (no tokenizer needed: token ids given directly).
    func loadNetwork() throws -> any CausalLanguageModel {
        try ModelSource(path: model).loadNetwork(threads: threads, weights: WeightPrecision(weights), computing: compute)
    }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }
}

/// The names of the two text options of a `TextSourceOptions` (`--prompt`/`--prompt-file` or
/// `--text`/`--text-file`) and their help; `--ids` is common to both.
protocol TextSourceNames {
    static var text: String { get }
    static var textHelp: String { get }
    static var file: String { get }
    static var fileHelp: String { get }
}

/// `--prompt`, `--prompt-file`, `--ids`: the prompt of `generate` and `logits`.
enum PromptNames: TextSourceNames {
    static let text = "prompt"
    static let textHelp = "Prompt text."
    static let file = "prompt-file"
    static let fileHelp = "File holding the prompt, read byte for byte (CRLF kept)."
}

/// `--text`, `--text-file`, `--ids`: the text `nucleus score` scores.
enum ScoredTextNames: TextSourceNames {
    static let text = "text"
    static let textHelp = "Text to score."
    static let file = "text-file"
    static let fileHelp = "File holding the text, read byte for byte."
}

/// Where a command's text comes from: given inline, a file (read as bytes), or token ids.
struct TextSourceOptions<Names: TextSourceNames>: ParsableArguments {
    @Option(name: .customLong(Names.text), help: ArgumentHelp(Names.textHelp))
    var text: String?

    @Option(name: .customLong(Names.file), help: ArgumentHelp(Names.fileHelp, valueName: "path"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Token ids instead of text, comma-separated.", valueName: "1,2,3"))
    var ids: String?

    func validate() throws {
        let given = [text != nil, file != nil, ids != nil].filter { $0 }.count
        guard given == 1 else { throw ValidationError("give exactly one of --\(Names.text), --\(Names.file), --ids") }
    }

    /// The text as token ids: parsed, or encoded with `encode`.
    func tokenIDs(encode: (String) -> [Int32]) throws -> [Int32] {
        if let ids {
            return try ids.split(separator: ",").map {
                guard let id = Int32($0.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--ids: '\($0)' is not a token id")
                }
                return id
            }
        }
        return encode(try readText())
    }

    func readText() throws -> String {
        if let text { return text }
        return try readTextFile(file ?? "")
    }
}

typealias PromptOptions = TextSourceOptions<PromptNames>
typealias ScoredTextOptions = TextSourceOptions<ScoredTextNames>

/// Reads a file as UTF-8 bytes without newline translation.
func readTextFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("\(path): cannot read file")
    }
    return String(decoding: data, as: UTF8.self)
}

/// How the next token is drawn. Statistics are always computed from the raw logits, not from this.
struct SamplingOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Sampling temperature; 0 is greedy.")
    var temperature = 1.0

    @Option(name: .long, parsing: .unconditional, help: "Sample among the K most probable tokens (0: off).")
    var topK = 0

    @Option(name: .long, parsing: .unconditional, help: "Sample from the smallest set with this much mass (1: off).")
    var topP = 1.0

    @Option(name: .long, parsing: .unconditional, help: "Drop tokens below this fraction of the top probability (0: off).")
    var minP = 0.0

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Divide positive logits of tokens already in the prompt or completion by this, multiply negative ones (1: off).",
        valueName: "penalty"))
    var repetitionPenalty = 1.0

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
        "Never repeat an n-gram of this many tokens of the prompt + completion, as Hugging Face's generate (0: off).",
        valueName: "n"))
    var noRepeatNgramSize = 0

    @Option(name: .long, parsing: .unconditional, help: "Seed of the random streams (sequence i uses seed + i).")
    var seed: UInt64 = 0

    var settings: SamplingSettings {
        SamplingSettings(temperature: temperature, topK: topK, topP: topP, minP: minP,
                         repetitionPenalty: repetitionPenalty, noRepeatNgramSize: noRepeatNgramSize)
    }

    func validate() throws {
        try settings.validate()
    }
}
extension WeightStorage: ExpressibleByArgument {}
extension ComputeChoice: ExpressibleByArgument {}
