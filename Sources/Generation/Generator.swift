import Kernels
import NucleusCore
import Tokenizer
import Transformer

/// One prompt to continue, with its own random stream.
public struct GenerationRequest: Sendable {
    public var promptIDs: [Int32]
    public var rng: SequenceRNG

    public init(promptIDs: [Int32], rng: SequenceRNG) {
        self.promptIDs = promptIDs
        self.rng = rng
    }
}

/// What one request produced: the tokens, the statistics of the distribution behind each, and why it stopped.
public struct GeneratedSequence: Sendable {
    public var promptIDs: [Int32]
    public var ids: [Int32]
    public var statistics: [TokenStatistic]
    public var finishReason: FinishReason
    /// Completion text without special tokens, cut before a matched stop string.
    public var text: String
    /// Why the request failed, for `finishReason == .error`; nil otherwise.
    public var error: String?

    public init(promptIDs: [Int32], ids: [Int32], statistics: [TokenStatistic], finishReason: FinishReason,
                text: String, error: String? = nil) {
        self.promptIDs = promptIDs
        self.ids = ids
        self.statistics = statistics
        self.finishReason = finishReason
        self.text = text
        self.error = error
    }

    /// A request that failed: no tokens, and why.
    static func failed(promptIDs: [Int32], _ error: String) -> GeneratedSequence {
        GeneratedSequence(promptIDs: promptIDs, ids: [], statistics: [], finishReason: .error, text: "", error: error)
    }
}

public struct GenerationOptions: Sendable {
    public var sampling: SamplingSettings
    public var stop: StopRule
    /// Sequences decoded together. Fixed per work unit so that results are reproducible.
    public var batchSize: Int
    /// Analysis settings of the recorded statistics (not of sampling); the job's defaults are
    /// NucleusCore's `AnalysisSettings`.
    public var nucleusTopP: Double
    public var topK: Int
    /// Prompt prefixes that requests share are computed once when they are at least this many tokens
    /// (`PrefixPlan`); nil computes every prompt whole, in request order.
    public var sharedPrefixMinimum: Int?
    /// Attach each token's attention entropy and varentropy per layer × head (`analysis.attention`).
    public var attentionStatistics = false
    /// Attach each token's distribution as float16 (`analysis.store_distribution`), all V entries
    /// or, with `distributionTop`, the N most probable.
    public var storesDistribution = false
    public var distributionTop: Int?

    /// Long enough that a shared prefix saves more than the extra forward call and copy cost.
    public static let defaultSharedPrefixMinimum = 16

    public init(sampling: SamplingSettings, stop: StopRule, batchSize: Int, nucleusTopP: Double, topK: Int,
                sharedPrefixMinimum: Int? = GenerationOptions.defaultSharedPrefixMinimum) {
        self.sampling = sampling
        self.stop = stop
        self.batchSize = batchSize
        self.nucleusTopP = nucleusTopP
        self.topK = topK
        self.sharedPrefixMinimum = sharedPrefixMinimum
    }
}

/// Batched generation with per-token statistics.
///
/// Continuous batching over a fixed number of slots: a slot freed by a finished sequence takes the
/// next request in the next step, whose prompt is prefilled in the same forward call as the other
/// slots' decode tokens; a finished sequence is never computed again. Prompt prefixes shared by
/// several requests (samples of one prompt, a few-shot block) are computed once and copied
/// (`PrefixPlan`, `SharedPrefixes`); requests then enter in the plan's order, which groups those
/// sharing a prefix, while results, random streams and `onFinish` indices stay per request.
/// Which request lands in which slot and when depends only on the requests and on the tokens
/// themselves, so a given list of requests always runs the same way.
public final class Generator {
    public let model: any CausalLanguageModel
    public let tokenizer: Tokenizer
    public let embeddings: NormalizedEmbeddings
    public let threads: Int

    public init(model: any CausalLanguageModel, tokenizer: Tokenizer, threads: Int) throws {
        self.model = model
        self.tokenizer = tokenizer
        self.threads = max(1, threads)
        embeddings = try NormalizedEmbeddings(matrix: model.inputEmbeddings, vocabularySize: model.config.vocabularySize,
                                              dimension: model.config.dim)
    }

    /// Per-sequence state while it occupies a slot.
    private struct Running {
        let request: Int
        var ids: [Int32] = []
        /// Prompt + generated ids, kept only when the sampler looks at the history.
        var history: [Int32] = []
        var statistics: [TokenStatistic] = []
        var sampler: Sampler
        var calculator: TokenStatisticsCalculator
        var checkedTextBytes = 0
    }

    /// Why a prompt of `count` tokens cannot be generated with `maxNewTokens` new ones in a context of
    /// `contextLength`, or nil when it can. Jobs check this before a model is loaded, too.
    public static func promptProblem(tokens count: Int, maxNewTokens: Int, contextLength: Int) -> String? {
        if count == 0 { return "the prompt is empty (0 tokens)" }
        if maxNewTokens >= contextLength {
            return "max_new_tokens \(maxNewTokens) leaves no room for a prompt in the context length \(contextLength)"
        }
        if count + maxNewTokens > contextLength {
            return "the prompt has \(count) tokens; with max_new_tokens \(maxNewTokens) that exceeds the context length \(contextLength) (at most \(contextLength - maxNewTokens) prompt tokens)"
        }
        return nil
    }

    /// Runs every request to completion; results come back in request order.
    /// `onFinish` is called with the request index each time a sequence completes.
    ///
    /// A request that cannot run (see `promptProblem`) or whose sampling fails finishes with
    /// `.error` and no tokens; the other requests are not affected. Errors of the model itself throw.
    public func generate(_ requests: [GenerationRequest], options: GenerationOptions,
                         onFinish: ((Int) -> Void)? = nil) throws -> [GeneratedSequence] {
        let slotCount = max(1, min(options.batchSize, requests.count))
        let cache = model.makeCache(slots: slotCount)
        var results = [GeneratedSequence?](repeating: nil, count: requests.count)
        var slots = [Running?](repeating: nil, count: slotCount)
        let sampler = try Sampler(settings: options.sampling)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: options.nucleusTopP, topK: options.topK)
        calculator.storesDistribution = options.storesDistribution
        calculator.distributionTop = options.distributionTop
        let prompts = requests.map(\.promptIDs)
        let problems = prompts.map {
            Self.promptProblem(tokens: $0.count, maxNewTokens: options.stop.maxNewTokens, contextLength: model.config.contextLength)
        }
        let plan = PrefixPlan(prompts: prompts, shareable: { problems[$0] == nil }, minimumShared: options.sharedPrefixMinimum)
        let prefixes = SharedPrefixes(plan: plan, cache: cache)
        var queue = plan.order[...]

        while true {
            // Fill free slots (lowest first) with the next requests.
            var entering: [Int] = []
            for slot in 0..<slotCount where slots[slot] == nil {
                // Requests that cannot run finish at once and leave the slot to the next one.
                while let next = queue.first, let problem = problems[next] {
                    results[next] = .failed(promptIDs: prompts[next], problem)
                    onFinish?(next)
                    queue.removeFirst()
                }
                guard let next = queue.popFirst() else { break }
                slots[slot] = Running(request: next, history: options.sampling.usesHistory ? prompts[next] : [],
                                      sampler: sampler, calculator: calculator)
                entering.append(next)
            }
            try prefixes.prepare(for: entering, prompts: prompts, model: model)

            // Every busy slot feeds one chunk: a new request the part of its prompt after its shared
            // prefix, a running one its last token.
            var chunks: [SequenceChunk] = []
            for slot in 0..<slotCount {
                guard let running = slots[slot] else { continue }
                if let last = running.ids.last {
                    chunks.append(SequenceChunk(slot: slot, tokens: [last], attentionStatistics: options.attentionStatistics))
                    continue
                }
                let prompt = prompts[running.request]
                cache.reset(slot: slot, capacity: prompt.count + options.stop.maxNewTokens)
                let shared = try prefixes.copy(for: running.request, into: slot)
                chunks.append(SequenceChunk(slot: slot, tokens: Array(prompt[shared...]),
                                            attentionStatistics: options.attentionStatistics))
            }
            if chunks.isEmpty { break }

            let logits = try model.forward(chunks, cache: cache)
            let failures = sampleAndMeasure(chunks: chunks, logits: logits, slots: &slots, requests: requests)

            for (index, chunk) in chunks.enumerated() {
                if let failure = failures[index], let running = slots[chunk.slot] {
                    results[running.request] = .failed(promptIDs: requests[running.request].promptIDs, "\(failure)")
                    slots[chunk.slot] = nil
                    onFinish?(running.request)
                    continue
                }
                guard var running = slots[chunk.slot], let token = running.ids.last else { continue }
                let text = tokenizer.decode(running.ids, skipSpecialTokens: true)
                let decision = options.stop.check(newToken: token, generatedCount: running.ids.count, text: text,
                                                  searchFromUTF8Offset: running.checkedTextBytes)
                running.checkedTextBytes = text.utf8.count
                guard let decision else {
                    slots[chunk.slot] = running
                    continue
                }
                let completion = decision.cutUTF8Offset.map { String(decoding: Array(text.utf8.prefix($0)), as: UTF8.self) } ?? text
                results[running.request] = GeneratedSequence(promptIDs: requests[running.request].promptIDs, ids: running.ids,
                                                             statistics: running.statistics, finishReason: decision.reason,
                                                             text: completion)
                slots[chunk.slot] = nil
                onFinish?(running.request)
            }
        }
        return try results.enumerated().map { index, result in
            guard let result else { throw GenerationError("generator", "request \(index) did not finish") }
            return result
        }
    }

    /// Samples each chunk's next token from its last logits row and measures that distribution.
    /// Sequences are independent, so each goes to whichever thread is free (their cost varies with the
    /// nucleus size). Returns each chunk's failure.
    private func sampleAndMeasure(chunks: [SequenceChunk], logits: LogitRows, slots: inout [Running?],
                                  requests: [GenerationRequest]) -> [Error?] {
        var failures = [Error?](repeating: nil, count: chunks.count)
        let vocabulary = logits.vocabularySize
        logits.values.withUnsafeBufferPointer { values in
            slots.withUnsafeMutableBufferPointer { slotBuffer in
                failures.withUnsafeMutableBufferPointer { failureBuffer in
                    Parallel.forEachBalanced(chunks.count, threads: threads) { index in
                        let slot = chunks[index].slot
                        // Taken out of the slot so the sampler's and calculator's scratch buffers stay
                        // uniquely referenced (mutating a shared copy would copy 2 × V doubles per token).
                        guard var running = slotBuffer[slot].take() else { return }
                        let rowIndex = logits.rowOffsets[index + 1] - 1
                        let row = UnsafeBufferPointer(rebasing: values[(rowIndex * vocabulary)..<((rowIndex + 1) * vocabulary)])
                        do {
                            let token = try running.sampler.sample(logits: row, previousTokens: running.history,
                                                                   rng: requests[running.request].rng, step: running.ids.count)
                            if running.sampler.settings.usesHistory { running.history.append(token) }
                            var statistic = try running.sampler.withUnitTemperatureWeights { weights in
                                try running.calculator.compute(logits: row, chosen: token, exponentials: weights)
                            }
                            if let attention = logits.attention { statistic.attach(attention, row: rowIndex) }
                            running.statistics.append(statistic)
                            running.ids.append(token)
                        } catch {
                            failureBuffer[index] = error
                        }
                        slotBuffer[slot] = running
                    }
                }
            }
        }
        return failures
    }
}
