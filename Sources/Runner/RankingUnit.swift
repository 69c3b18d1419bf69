import Foundation
import Generation
import ModelLoading
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

extension UnitRunner {
    /// The unit record of a rank unit: `/prompts` (one row per filled template, no tokens) and `/ranking`.
    func rank(unit: WorkUnit, attempt: Int, onlyRows: [Int]?, input: RankingInput, loaded: LoadedModel,
              identity: ModelIdentity, started: Date) throws -> UnitRecord {
        guard let dataset = prompts.datasets[unit.cell.dataset], unit.rows.lowerBound >= 0,
              unit.rows.upperBound <= dataset.rows.count else {
            throw RunnerError("unit \(unit.id): rows \(unit.rows) are outside dataset '\(unit.cell.dataset)'")
        }
        var rows = Array(dataset.rows[unit.rows])
        if let onlyRows {
            let wanted = Set(onlyRows)
            rows = rows.filter { wanted.contains($0.index) }
            guard rows.count == wanted.count else {
                throw RunnerError("unit \(unit.id): rerun rows \(onlyRows) are not all in the unit's rows")
            }
        }
        let scorer = CandidateScorer(model: loaded.model, batchSize: job.batchSize)
        let (records, ranking) = try RankingUnit(input: input, scorer: scorer, tokenizer: loaded.tokenizer).run(rows)
        // The generation settings are recorded as for any unit (the reducer checks that a row's files agree).
        let settings = try loaded.generationSettings(for: job)
        let header = UnitHeader(
            complete: true, nucleusVersion: NucleusVersion.current, jobName: job.name, jobHash: jobHash, unitID: unit.id,
            attempt: attempt, model: identity, dataset: unit.cell.dataset, technique: unit.cell.technique,
            sample: unit.cell.sample, seed: job.seed, generationJSON: try canonicalJSON(settings),
            analysisJSON: try canonicalJSON(job.analysis), host: host, rank: rank,
            started: timestamp(started), finished: timestamp(Date()))
        return UnitRecord(header: header, prompts: records, tokens: TokenColumns(topK: job.analysis.topK), ranking: ranking)
    }
}
