import Foundation
import Generation
import ModelLoading
import NucleusCore
import Prompts
import Store

/// The `task: score` side of a unit: each row's text is tokenised as it stands (no technique, no
/// chat template) and scored teacher-forced; `/tokens` gets one row per scored position, `/prompts`
/// the token count (`n_prompt_tokens`), the scored positions (`n_generated`) and the perplexity.
extension UnitRunner {
    /// Finish reason of a scored document (nothing was generated).
    static let scoredFinishReason = "scored"

    func score(unit: WorkUnit, attempt: Int, onlyRows: [Int]?, loaded: LoadedModel, generator: Generator,
               identity: ModelIdentity, started: Date) throws -> UnitRecord {
        guard let rows = prompts.datasets[unit.cell.dataset]?.rows, unit.rows.upperBound <= rows.count else {
            throw RunnerError("unit \(unit.id): rows \(unit.rows) are outside dataset '\(unit.cell.dataset)'")
        }
        var selected = Array(rows[unit.rows])
        if let onlyRows {
            let wanted = Set(onlyRows)
            selected = selected.filter { wanted.contains($0.index) }
            guard selected.count == wanted.count else {
                throw RunnerError("unit \(unit.id): rerun rows \(onlyRows) are not all in the unit's rows")
            }
        }
        let documents = selected.map { loaded.tokenizer.encode($0.prompt) }
        let scorer = TeacherForcedScorer(model: loaded.model, embeddings: generator.embeddings, threads: threads)
        let spec = job.datasets.first { $0.name == unit.cell.dataset }
        var options = ScoringOptions(batchSize: job.batchSize, window: spec?.window, stride: spec?.stride,
                                     nucleusTopP: job.analysis.topP, topK: job.analysis.topK,
                                     averageDistribution: job.analysis.averageDistribution)
        options.attentionStatistics = job.analysis.attentionEntropy
        let windows = try scorer.rollingWindows(options)
        var sum: DistributionSum?
        let scored = try scorer.score(documents, options: options, distributions: &sum)

        var tokens = TokenColumns(topK: job.analysis.topK)
        var records: [PromptRecord] = []
        for (row, document) in zip(selected, scored) {
            records.append(PromptRecord(row: row.index, promptText: row.prompt, reference: row.reference, completionText: "",
                                        finishReason: Self.scoredFinishReason, promptTokenCount: document.ids.count,
                                        generatedCount: document.statistics.count, label: row.label))
            tokens.append(document.statistics)
        }
        let header = UnitHeader(
            complete: true, nucleusVersion: NucleusVersion.current, jobName: job.name, jobHash: jobHash, unitID: unit.id,
            attempt: attempt, model: identity, dataset: unit.cell.dataset, technique: unit.cell.technique,
            sample: unit.cell.sample, seed: job.seed,
            generationJSON: try canonicalJSON(ScoringSettingsRecord(window: windows.window, stride: windows.stride,
                                                                    batchSize: job.batchSize)),
            analysisJSON: try canonicalJSON(job.analysis), host: host, rank: rank,
            started: timestamp(started), finished: timestamp(Date()))
        var record = UnitRecord(header: header, prompts: records, tokens: tokens)
        record.scoring = ScoringRecord(
            perplexity: scored.map(\.perplexity),
            averageDistribution: sum.map { sum in
                DistributionSumRecord(probabilitySum: sum.probabilities, positions: sum.positions,
                                      tokenText: (0..<sum.probabilities.count).map { loaded.tokenizer.tokenText(Int32($0)) })
            })
        return record
    }
}

/// What a score unit records in place of generation settings (the `generation` root attribute).
struct ScoringSettingsRecord: Encodable {
    var task = "score"
    var window: Int
    var stride: Int
    var batchSize: Int
}
