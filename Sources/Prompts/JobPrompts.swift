import Foundation
import NucleusCore

/// Everything a job needs to turn work units into prompts: its datasets read, its techniques
/// resolved and its few-shot exemplars drawn.
///
/// ```swift
/// let job = try JobSpec.load(path: "jobs/smoke.yaml")
/// let prompts = try JobPrompts(job: job)
/// let plan = try prompts.plan()
/// let built = try prompts.prompts(for: plan.units[0])   // [BuiltPrompt]
/// ```
public struct JobPrompts: Sendable {
    public let job: JobSpec
    /// By dataset name.
    public let datasets: [String: Dataset]
    /// By technique name.
    public let techniques: [String: Technique]
    /// Exemplars by dataset name then technique name (empty when `shots` is 0).
    public let exemplars: [String: [String: [DatasetRow]]]
    /// The pool row drawn right after each technique's exemplars, by dataset then technique: it
    /// stands in for an exemplar that is the prompt's own question.
    let spareExemplars: [String: [String: DatasetRow]]

    /// - Throws: `JobSpecError` (unknown technique, shots without a pool) or `DatasetError`.
    public init(job: JobSpec) throws {
        self.job = job
        var techniques: [String: Technique] = [:]
        for (index, spec) in job.techniques.enumerated() {
            techniques[spec.name] = try BuiltInTechniques.resolve(spec, at: index, in: job)
        }
        var datasets: [String: Dataset] = [:]
        var exemplars: [String: [String: [DatasetRow]]] = [:]
        var spareExemplars: [String: [String: DatasetRow]] = [:]
        for (index, spec) in job.datasets.enumerated() {
            datasets[spec.name] = try spec.ranking == nil
                ? DatasetLoader.load(spec) : RankingInput.load(spec, at: index, in: job).dataset(spec)
            let running = techniques.filter { spec.runs(technique: $0.key) }
            let maxShots = running.values.map(\.shots).max() ?? 0
            guard maxShots > 0 else { continue }
            guard let poolSpec = spec.fewshotPool else {
                let asking = running.values.filter { $0.shots > 0 }.map(\.name).sorted().joined(separator: ", ")
                throw job.error(at: "datasets[\(index)]", "technique \(asking) needs few-shot exemplars: add fewshot_pool")
            }
            let pool = try DatasetLoader.loadPool(poolSpec, of: spec)
            guard pool.count >= maxShots else {
                throw job.error(
                    at: "datasets[\(index)].fewshot_pool",
                    "expected at least \(maxShots) rows for \(maxShots) shots, got \(pool.count)")
            }
            let drawn = FewShotSelection.exemplars(
                from: pool, count: min(maxShots + 1, pool.count), jobSeed: job.seed, dataset: spec.name)
            exemplars[spec.name] = running.mapValues { Array(drawn.prefix($0.shots)) }
            spareExemplars[spec.name] = running.filter { $0.value.shots > 0 }
                .compactMapValues { $0.shots < drawn.count ? drawn[$0.shots] : nil }
        }
        self.datasets = datasets
        self.techniques = techniques
        self.exemplars = exemplars
        self.spareExemplars = spareExemplars
    }

    /// Rows per dataset after `start`/`limit`: the input `JobPlan` needs.
    public var rowCounts: [String: Int] {
        datasets.mapValues(\.rows.count)
    }

    /// `JobHash` over the job and the resolved technique definitions.
    public func jobHash() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var definitions = try techniques.mapValues { String(decoding: try encoder.encode($0), as: UTF8.self) }
        // Ranking inputs are hashed by content, beside the technique definitions (a key no
        // technique name can take), so jobs without rankings keep their hash.
        for (index, spec) in job.datasets.enumerated() where spec.ranking != nil {
            definitions["ranking:\(spec.name)"] = try RankingInput.load(spec, at: index, in: job).fingerprint
        }
        return try JobHash.compute(job: job, techniqueDefinitions: definitions)
    }

    /// The job's plan, keyed by `jobHash()`.
    public func plan() throws -> JobPlan {
        try JobPlan(job: job, jobHash: try jobHash(), rowCounts: rowCounts)
    }

    /// The prompt builder of one cell.
    public func builder(for cell: CellKey) throws -> PromptBuilder {
        guard let dataset = datasets[cell.dataset], let technique = techniques[cell.technique] else {
            throw PlanError(job: job.source?.path ?? job.name, message: "cell \(cell) is not in this job")
        }
        return PromptBuilder(
            technique: technique, instruction: dataset.instruction, answerType: dataset.answerType,
            exemplars: exemplars[cell.dataset]?[cell.technique] ?? [],
            spareExemplar: spareExemplars[cell.dataset]?[cell.technique],
            chat: try technique.chat ?? job.generationSettings(settings: cell.settings).chat)
    }

    /// Prompts for a unit's rows, in row order.
    public func prompts(for unit: WorkUnit) throws -> [BuiltPrompt] {
        let builder = try builder(for: unit.cell)
        guard let rows = datasets[unit.cell.dataset]?.rows, unit.rows.lowerBound >= 0,
              unit.rows.upperBound <= rows.count else {
            throw PlanError(
                job: job.source?.path ?? job.name,
                message: "unit \(unit.id) rows \(unit.rows) are outside dataset '\(unit.cell.dataset)'")
        }
        return rows[unit.rows].map(builder.build)
    }
}
