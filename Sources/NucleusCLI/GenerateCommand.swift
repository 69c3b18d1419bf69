import ArgumentParser
import Foundation
import Generation
import NucleusCore

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue one prompt and show the statistics of every generated token.",
        discussion: "With --json, prints {prompt_ids, ids, text, finish_reason, steps: [{\(TokenColumn.all.map(\.name).joined(separator: ", "))}]} with NaN as null: one key per column of the unit files. Statistics come from the raw logits, before any sampling transform.")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var promptOptions: PromptOptions

    @Option(name: .long, parsing: .unconditional, help: "Tokens to generate at most.")
    var maxNewTokens = 64

    @OptionGroup var sampling: SamplingOptions

    @Option(name: .long, help: "Stop when the completion contains this text (repeatable).")
    var stop: [String] = []

    @Flag(name: .long, help: "Wrap the prompt in the model's chat template as a user message.")
    var chat = false

    @Option(name: .long, parsing: .unconditional, help: "Mass that defines the recorded nucleus.")
    var nucleusTopP = AnalysisSettings().topP

    @Option(name: .long, parsing: .unconditional, help: "Top tokens recorded per step.")
    var recordTopK = AnalysisSettings().topK

    @Flag(name: .long, help: "Print JSON instead of text and a table.")
    var json = false

    @Flag(name: .long, help: "Record each step's attention entropy and varentropy per layer × head (--json: attention_entropy, attention_varentropy as L × H arrays).")
    var attention = false

    func validate() throws {
        guard maxNewTokens >= 1 else { throw ValidationError("--max-new-tokens must be at least 1") }
    }

    func run() throws {
        let loaded = try modelOptions.load()
        let ids = try promptOptions.tokenIDs { text in
            loaded.tokenizer.encode(chat ? loaded.tokenizer.chatTemplate.render([.init(role: "user", content: text)], addGenerationPrompt: true) : text)
        }
        guard !ids.isEmpty else { throw ValidationError("the prompt has no tokens") }
        let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: modelOptions.threads)
        var options = GenerationOptions(
            sampling: sampling.settings,
            stop: try StopRule(eosTokenIds: loaded.endOfSequenceIDs, stopStrings: stop, maxNewTokens: maxNewTokens),
            batchSize: 1, nucleusTopP: nucleusTopP, topK: recordTopK)
        options.attentionStatistics = attention
        guard let sequence = try generator.generate([GenerationRequest(promptIDs: ids, rng: SequenceRNG(key: sampling.seed))], options: options).first else { return }
        let text = loaded.tokenizer.decode(sequence.ids)
        if json {
            print(Self.json(sequence, text: text).text)
            return
        }
        print(text)
        print("\n  # token                 logprob  rank  entropy  varentropy  nucleus  cosine")
        for (step, s) in sequence.statistics.enumerated() {
            let piece = JSON.quote(loaded.tokenizer.tokenText(s.tokenId))
            print(String(format: "%3d %-20@ %8.3f %5d %8.3f %11.3f %8d %7.3f", step, piece.padding(toLength: 20, withPad: " ", startingAt: 0),
                         s.logprob, s.rank, s.entropy, s.varentropy, s.nucleusSize, s.nucleusCosine))
        }
        print("finish: \(sequence.finishReason.rawValue)")
    }

    static func json(_ sequence: GeneratedSequence, text: String) -> JSON {
        .object([
            ("prompt_ids", .ids(sequence.promptIDs)),
            ("ids", .ids(sequence.ids)),
            ("text", .string(text)),
            ("finish_reason", .string(sequence.finishReason.rawValue)),
            ("steps", .array(sequence.statistics.map { s in
                .object(TokenColumn.all.map { column in (column.name, JSON(column.value(s))) } + JSON.attentionFields(s))
            })),
        ])
    }
}
