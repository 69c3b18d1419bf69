import Generation
import NucleusCore
import Prompts
import Store
import Tokenizer
import Transformer

/// The work of a `task: rank` unit: every filled template of the unit's rows × every candidate,
/// scored by `CandidateScorer`. The filled template is the context as written: techniques and
/// chat templates do not apply to rankings (their text would change what is being compared).
struct RankingUnit {
    let input: RankingInput
    let scorer: CandidateScorer
    let tokenizer: Tokenizer

    /// `finish_reason` of a filled template's `/prompts` row (the reducer's `RankingSummary.finishReason`).
    static let finishReason = "ranked"

    /// The ranking inputs of `dataset` when it is a rank dataset of `job`, else nil.
    static func input(for dataset: String, in job: JobSpec) throws -> RankingInput? {
        guard let index = job.datasets.firstIndex(where: { $0.name == dataset }), job.datasets[index].ranking != nil else {
            return nil
        }
        return try RankingInput.load(job.datasets[index], at: index, in: job)
    }

    /// One prompt record per filled template and the unit's `/ranking` table.
    func run(_ rows: [DatasetRow]) throws -> (prompts: [PromptRecord], ranking: RankingTable) {
        var prompts: [PromptRecord] = []
        var table = RankingTable()
        for row in rows {
            let scores = try scorer.score(context: row.prompt, separator: input.separator, candidates: input.candidates,
                                          tokenizer: tokenizer)
            prompts.append(PromptRecord(row: row.index, promptText: row.prompt, reference: "", completionText: "",
                                        finishReason: Self.finishReason, promptTokenCount: tokenizer.encode(row.prompt).count,
                                        generatedCount: 0, error: ""))
            for (candidate, score) in zip(input.candidates, scores) {
                table.append(row: row.index, templateID: row.fields[RankingInput.templateIDField] ?? "",
                             group: row.fields[RankingInput.groupField] ?? "", form: row.fields[RankingInput.formField] ?? "",
                             candidate: candidate, score: score.logprob, meanScore: score.meanLogprob,
                             nTokens: score.tokenCount, firstLogit: score.firstLogit)
            }
        }
        return (prompts, table)
    }
}
