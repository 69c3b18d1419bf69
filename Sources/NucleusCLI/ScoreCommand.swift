import ArgumentParser
import Foundation
import Generation
import NucleusCore

struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a given text teacher-forced: the statistics of the distribution at every position.",
        discussion: "With --json, prints {ids, perplexity, steps: [{\(TokenColumn.all.map(\.name).joined(separator: ", "))}]} with NaN as null. steps[t-1] describes the distribution that predicts ids[t] (t ≥ 1; its token_id is ids[t]), exactly the /tokens rows a task: score job writes for the same text. The text is tokenised as it stands (no chat template).")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var textOptions: ScoredTextOptions

    @Option(name: .long, parsing: .unconditional, help: "Most tokens one window reads (default: the model's context length).")
    var window: Int?

    @Option(name: .long, parsing: .unconditional, help: "Positions each later window scores (default: half the window).")
    var stride: Int?

    @Option(name: .long, parsing: .unconditional, help: "Mass that defines the recorded nucleus.")
    var nucleusTopP = AnalysisSettings().topP

    @Option(name: .long, parsing: .unconditional, help: "Top tokens recorded per position.")
    var recordTopK = AnalysisSettings().topK

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @Flag(name: .long, help: "Record every scored position's attention entropy and varentropy per layer × head (--json: attention_entropy, attention_varentropy as L × H arrays).")
    var attention = false

    func validate() throws {
        if let window, window < 1 { throw ValidationError("--window must be at least 1") }
        if let stride, stride < 1 { throw ValidationError("--stride must be at least 1") }
        guard recordTopK >= 1 else { throw ValidationError("--record-top-k must be at least 1") }
    }

    func run() throws {
        let loaded = try modelOptions.load()
        let ids = try textOptions.tokenIDs { loaded.tokenizer.encode($0) }
        guard ids.count >= 2 else { throw CommandFailure("the text has \(ids.count) token(s): scoring needs at least 2") }
        let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: modelOptions.threads)
        let scorer = TeacherForcedScorer(model: loaded.model, embeddings: generator.embeddings, threads: modelOptions.threads)
        // One document alone in its batch, as in a one-row score job.
        var options = ScoringOptions(batchSize: 1, window: window, stride: stride, nucleusTopP: nucleusTopP, topK: recordTopK)
        options.attentionStatistics = attention
        var sum: DistributionSum?
        guard let document = try scorer.score([ids], options: options, distributions: &sum).first else { return }
        if json {
            print(Self.json(document).text)
            return
        }
        print("  t token                 logprob   rank  entropy  varentropy  nucleus  cosine")
        for (index, s) in document.statistics.enumerated() {
            let piece = JSON.quote(loaded.tokenizer.tokenText(s.tokenId))
            print(String(format: "%3d %-20@ %8.3f %6d %8.3f %11.3f %8d %7.3f", index + 1, piece.padding(toLength: 20, withPad: " ", startingAt: 0),
                         s.logprob, s.rank, s.entropy, s.varentropy, s.nucleusSize, s.nucleusCosine))
        }
        print(String(format: "perplexity %.4f over %d positions", document.perplexity, document.statistics.count))
    }

    static func json(_ document: ScoredDocument) -> JSON {
        .object([
            ("ids", .ids(document.ids)),
            ("perplexity", .double(document.perplexity)),
            ("steps", .array(document.statistics.map { s in
                .object(TokenColumn.all.map { column in (column.name, JSON(column.value(s))) } + JSON.attentionFields(s))
            })),
        ])
    }
}
