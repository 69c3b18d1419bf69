import Foundation
import Generation
import ModelLoading
import NucleusCore
import Prompts
import Scheduling
import Store
import Tokenizer
import Transformer

/// Runs work units of one job on this process: keeps one model loaded, builds each unit's prompts,
/// generates with statistics and writes the unit file atomically. The worker side of `nucleus run`.
public final class UnitRunner: UnitExecutor {
    public let job: JobSpec
    public let prompts: JobPrompts
    public let jobHash: String
    public let layout: ResultsLayout
    public let threads: Int
    public let rank: Int
    public let host: String
    private let log: (String) -> Void
    /// The attempt running now, for a hard stop to journal as abandoned.
    public let inProgress: UnitInProgress

    private var resident: (name: String, model: LoadedModel, generator: Generator, identity: ModelIdentity)?

    public init(job: JobSpec, prompts: JobPrompts, jobHash: String, layout: ResultsLayout, threads: Int,
                rank: Int = 0, host: String = ProcessInfo.processInfo.hostName, inProgress: UnitInProgress = UnitInProgress(),
                log: @escaping (String) -> Void) {
        self.inProgress = inProgress
        self.job = job
        self.prompts = prompts
        self.jobHash = jobHash
        self.layout = layout
        self.threads = threads
        self.rank = rank
        self.host = host
        self.log = log
    }

    public var residentModels: [String] { resident.map { [$0.name] } ?? [] }

    public func prepare(model name: String) throws {
        guard let spec = job.models.first(where: { $0.name == name }) else {
            throw RunnerError("\(job.source?.path ?? job.name): unit names unknown model '\(name)'")
        }
        resident = nil
        let started = Date()
        let loaded = try LoadedModel(path: spec.path, threads: threads, weights: WeightPrecision(spec.weights),
                                     compute: spec.compute)
        let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: threads)
        resident = (name, loaded, generator, try loaded.identity(name: name))
        log(String(format: "rank %d: loaded %@ (%@, %d layers) in %.1f s", rank, name, loaded.config.architecture,
                   loaded.config.layers, Date().timeIntervalSince(started)))
    }

    public func execute(_ assignment: UnitAssignment) throws -> UnitReport {
        let unit = assignment.unit
        if resident?.name != unit.cell.model { try prepare(model: unit.cell.model) }
        guard let resident else { throw RunnerError("model \(unit.cell.model) is not loaded") }
        let started = Date()
        let journal = layout.journal
        let target = layout.unitFileURL(cell: unit.cell, unitID: unit.id, attempt: assignment.attempt)
        let relative = layout.relativePath(of: target)
        let startedEntry = entry(unit, assignment, .started, file: relative)
        try journal.append(startedEntry)
        inProgress.begin(startedEntry, in: journal)
        defer { inProgress.end() }
        log("rank \(rank): unit \(unit.id) (\(unit.cell.description), rows \(unit.rows.lowerBound)..<\(unit.rows.upperBound), attempt \(assignment.attempt)) started")

        do {
            let record = try run(unit: unit, attempt: assignment.attempt, onlyRows: assignment.onlyRows, model: resident, started: started)
            try UnitFileWriter().write(record, to: target)
            let seconds = Date().timeIntervalSince(started)
            try journal.append(entry(unit, assignment, .done, tokens: record.tokens.count, seconds: seconds, file: relative))
            log(String(format: "rank %d: unit %@ (%@, rows %d..<%d) done: %d tokens in %.1f s, %.1f tok/s", rank, unit.id,
                       unit.cell.description, unit.rows.lowerBound, unit.rows.upperBound, record.tokens.count, seconds,
                       Double(record.tokens.count) / max(seconds, 1e-9)))
            return UnitReport(unitID: unit.id, attempt: assignment.attempt, file: relative, tokens: record.tokens.count, seconds: seconds)
        } catch {
            try? journal.append(entry(unit, assignment, .failed, seconds: Date().timeIntervalSince(started), message: "\(error)"))
            throw error
        }
    }

    private func run(unit: WorkUnit, attempt: Int, onlyRows: [Int]?, model: (name: String, model: LoadedModel, generator: Generator, identity: ModelIdentity),
                     started: Date) throws -> UnitRecord {
        if let input = try RankingUnit.input(for: unit.cell.dataset, in: job) {
            return try rank(unit: unit, attempt: attempt, onlyRows: onlyRows, input: input, loaded: model.model,
                            identity: model.identity, started: started)
        }
        if job.datasets.first(where: { $0.name == unit.cell.dataset })?.task == .score {
            return try score(unit: unit, attempt: attempt, onlyRows: onlyRows, loaded: model.model, generator: model.generator,
                             identity: model.identity, started: started)
        }
        let spec = job.models.first { $0.name == unit.cell.model }
        let template = chatTemplate(for: spec?.chatTemplate ?? .auto, date: spec?.date, tokenizer: model.model.tokenizer)
        var built = try prompts.prompts(for: unit)
        if let onlyRows {
            let wanted = Set(onlyRows)
            built = built.filter { wanted.contains($0.row.index) }
            guard built.count == wanted.count else {
                throw RunnerError("unit \(unit.id): rerun rows \(onlyRows) are not all in the unit's rows")
            }
        }
        let texts = built.map { promptText($0, template: template) }
        let requests = zip(built, texts).map { prompt, text in
            GenerationRequest(promptIDs: model.model.tokenizer.encode(text),
                              rng: SequenceRNG(key: Seeds.streamKey(jobSeed: job.seed, cell: unit.cell, row: prompt.row.index, attempt: attempt)))
        }
        // generation_config.json fills what the job file leaves out; the unit file records what was used.
        let settings = try model.model.generationSettings(for: job, settings: unit.cell.settings)
        let options = try generationOptions(settings, job: job, model: model.model)
        var sequences = try model.generator.generate(requests, options: options)

        var tokens = TokenColumns(topK: job.analysis.topK)
        var distributions = job.analysis.storeDistribution.map { _ in
            StoredDistributions(vocabularySize: model.model.config.vocabularySize, top: job.analysis.storeDistributionTop)
        }
        var records: [PromptRecord] = []
        for index in sequences.indices {
            let sequence = sequences[index]
            records.append(PromptRecord(row: built[index].row.index, promptText: texts[index], reference: built[index].row.reference,
                                        completionText: sequence.text, finishReason: sequence.finishReason.rawValue,
                                        promptTokenCount: sequence.promptIDs.count, generatedCount: sequence.ids.count,
                                        error: sequence.error ?? "", label: built[index].row.label))
            if let error = sequence.error {
                log("rank \(rank): unit \(unit.id) row \(built[index].row.index) failed: \(error)")
            }
            tokens.append(sequence.statistics)
            distributions?.append(sequence.statistics)
            // Each statistic may hold a whole float16 distribution: keep one copy, not two.
            sequences[index].statistics = []
        }
        let header = UnitHeader(
            complete: true, nucleusVersion: NucleusVersion.current, jobName: job.name, jobHash: jobHash, unitID: unit.id,
            attempt: attempt, model: model.identity, dataset: unit.cell.dataset, technique: unit.cell.technique,
            sample: unit.cell.sample, settings: unit.cell.settings ?? "", seed: job.seed, generationJSON: try canonicalJSON(settings),
            analysisJSON: try canonicalJSON(job.analysis), host: host, rank: rank,
            started: timestamp(started), finished: timestamp(Date()))
        var stamped = header
        stamped.datasetShape = job.datasets.first { $0.name == unit.cell.dataset }?.shape.rawValue
        stamped.answerType = prompts.datasets[unit.cell.dataset]?.answerType.rawValue
        if let technique = prompts.techniques[unit.cell.technique], let perturbation = technique.perturbation {
            stamped.perturbation = perturbation.rawValue
            stamped.perturbationBase = technique.perturbationBase ?? ""
        }
        var record = UnitRecord(header: stamped, prompts: records, tokens: tokens)
        record.embeddingMeans = EmbeddingMeans(sequences: sequences, table: model.model.model.inputEmbeddings)
        record.distributions = distributions
        return record
    }

    private func entry(_ unit: WorkUnit, _ assignment: UnitAssignment, _ status: JournalStatus, tokens: Int = 0,
                       seconds: Double = 0, file: String = "", message: String = "") -> JournalEntry {
        JournalEntry(time: Date(), unitID: unit.id, attempt: assignment.attempt, rank: rank, host: host, status: status,
                     tokens: tokens, seconds: seconds, file: file, message: message)
    }
}

/// Sampling, stop and analysis settings of a job for one model, from the generation settings in
/// effect for it (`LoadedModel.generationSettings(for:)`).
func generationOptions(_ g: GenerationSettings, job: JobSpec, model: LoadedModel) throws -> GenerationOptions {
    let sampling = SamplingSettings(temperature: g.temperature, topK: g.topK, topP: g.topP, minP: g.minP,
                                    repetitionPenalty: g.repetitionPenalty, noRepeatNgramSize: g.noRepeatNgramSize)
    let stop = try StopRule(eosTokenIds: model.endOfSequenceIDs, stopStrings: g.stop, maxNewTokens: g.maxNewTokens)
    var options = GenerationOptions(sampling: sampling, stop: stop, batchSize: job.batchSize, nucleusTopP: job.analysis.topP,
                                    topK: job.analysis.topK)
    options.attentionStatistics = job.analysis.attentionEntropy
    if job.analysis.storeDistribution != nil {
        let vocabulary = model.config.vocabularySize
        if let top = job.analysis.storeDistributionTop, top > vocabulary {
            throw RunnerError("\(job.source?.path ?? job.name): analysis.store_distribution_top: expected at most the vocabulary size \(vocabulary) of \(model.path), got \(top)")
        }
        options.storesDistribution = true
        options.distributionTop = job.analysis.storeDistributionTop
    }
    return options
}

func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
}
