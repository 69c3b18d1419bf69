import Foundation
import Kernels

/// Draws the next token of one sequence from one row of raw logits.
///
/// Transforms, in the order of HF `generate` (and llama.cpp's default chain): repetition penalty
/// (over the previous tokens given) → no-repeat n-gram ban → temperature → top-k → top-p → min-p; then inverse-CDF sampling
/// with one uniform u over the kept tokens in canonical order (probability descending, ties by lower
/// token id): the first token whose cumulative weight exceeds u × kept mass. Temperature 0 is greedy
/// (argmax of the penalised logits, ties to the lower id). NaN logits are never chosen.
///
/// Every kept set is a prefix of the canonical order, so only a prefix is sorted: the top-k, or for
/// top-p / plain sampling the top 256 candidates, growing ×4 until the prefix decides the draw. Weights
/// are exp((z − max) / T) in Double (`exponential`, no libm) and sums run in a fixed order, so the choice
/// depends only on the logits, the settings and u, on every platform.
///
/// A `Sampler` owns scratch buffers: give each concurrently sampled sequence (or thread) its own.
public struct Sampler: Sendable {
    public let settings: SamplingSettings
    /// Size of the first canonical prefix tried when top-k is off.
    public static let initialCandidates = 256

    private var penalized: [Float] = []
    private var weights: [Double] = []
    /// Entries of `weights` that hold e^(z − max) of the row last drawn from as given (0: none),
    /// and that row's maximum.
    private var unitTemperatureWeightCount = 0
    private var lastMaximum: Float = 0
    private var prefixWeights: [Double] = []
    private var selector = CanonicalTopSelector()

    /// Throws when `settings` fail validation.
    public init(settings: SamplingSettings) throws {
        try settings.validate()
        self.settings = settings
    }

    /// The token for generation step `step`, drawing u = `rng.uniform(step: step)`.
    public mutating func sample(logits: UnsafeBufferPointer<Float>, previousTokens: [Int32] = [], rng: SequenceRNG, step: Int) throws -> Int32 {
        try sample(logits: logits, previousTokens: previousTokens, uniform: rng.uniform(step: step))
    }

    /// The token chosen by uniform `uniform` in [0, 1) (ignored when greedy). `previousTokens` is the
    /// sequence so far, prompt included, as Hugging Face's logits processors see `input_ids`.
    public mutating func sample(logits: UnsafeBufferPointer<Float>, previousTokens: [Int32] = [], uniform: Double) throws -> Int32 {
        guard !logits.isEmpty else { throw GenerationError("sampler", "empty logits row") }
        guard uniform >= 0 && uniform < 1 else { throw GenerationError("sampler", "uniform must be in [0, 1), got \(uniform)") }
        unitTemperatureWeightCount = 0
        guard settings.usesHistory && !previousTokens.isEmpty else {
            let token = try draw(logits, uniform)
            if !settings.isGreedy && settings.temperature == 1 && !topKActive(logits.count) {
                unitTemperatureWeightCount = logits.count
            }
            return token
        }
        var buffer = penalized
        penalized = []
        defer { penalized = buffer }
        if buffer.count < logits.count { buffer = [Float](repeating: 0, count: logits.count) }
        let penalty = Float(settings.repetitionPenalty)
        let banned = NoRepeatNgram.bannedTokens(history: previousTokens, size: settings.noRepeatNgramSize)
        return try buffer.withUnsafeMutableBufferPointer { scratch in
            let row = UnsafeMutableBufferPointer(rebasing: scratch[0..<logits.count])
            _ = row.initialize(from: logits)
            if settings.repetitionPenalty != 1 {
                // Computed from the original logit, so a token repeated in the history is penalised once.
                for token in previousTokens where token >= 0 && Int(token) < logits.count {
                    let z = logits[Int(token)]
                    row[Int(token)] = z > 0 ? z / penalty : z * penalty
                }
            }
            for token in banned where token >= 0 && Int(token) < logits.count {
                row[Int(token)] = -.infinity
            }
            return try draw(UnsafeBufferPointer(row), uniform)
        }
    }

    /// Calls `body` with the weights of the last `sample` when it drew at temperature 1 from the logits
    /// as given (no penalty, ban or top-k): e^(z − max) of every entry as `RowExponentials.shifted`
    /// computes them (NaN for NaN logits), which the token statistics need too; else with nil.
    public func withUnitTemperatureWeights<Result>(_ body: (ShiftedExponentials?) throws -> Result) rethrows -> Result {
        guard unitTemperatureWeightCount > 0 else { return try body(nil) }
        return try weights.withUnsafeBufferPointer { weights in
            try body(ShiftedExponentials(maximum: lastMaximum,
                                         values: UnsafeBufferPointer(rebasing: weights[0..<unitTemperatureWeightCount])))
        }
    }

    private func topKActive(_ vocabulary: Int) -> Bool {
        settings.topK > 0 && settings.topK < vocabulary
    }

    private mutating func draw(_ row: UnsafeBufferPointer<Float>, _ uniform: Double) throws -> Int32 {
        if settings.isGreedy { return try Self.argmax(row) }
        let maximum = RowKernels.maximum(row)
        lastMaximum = maximum
        guard maximum.isFinite else { throw GenerationError("sampler", "logits row has no finite maximum (all NaN or ±inf)") }

        let vocabulary = row.count
        let topKActive = topKActive(vocabulary)
        var full = FullPass()
        if !topKActive {
            if weights.count < vocabulary { weights = [Double](repeating: 0, count: vocabulary) }
            full = weights.withUnsafeMutableBufferPointer {
                FullPass(row, Double(maximum), settings.temperature, settings.minP, into: $0)
            }
        }
        var candidates = topKActive ? settings.topK : min(Self.initialCandidates, vocabulary)
        var prefix = prefixWeights
        prefixWeights = []
        defer { prefixWeights = prefix }
        let allWeights = weights
        while true {
            let count = selector.select(from: row, count: candidates)
            let complete = topKActive || count >= full.finiteOrInfiniteCount || candidates >= vocabulary
            if prefix.count < count { prefix = [Double](repeating: 0, count: max(count, 2 * prefix.count)) }
            let decided: Int32? = selector.ids.withUnsafeBufferPointer { ids in
                prefix.withUnsafeMutableBufferPointer { prefix in
                    for j in 0..<count {
                        let id = Int(ids[j])
                        prefix[j] = topKActive ? exponential((Double(row[id]) - Double(maximum)) / settings.temperature) : allWeights[id]
                    }
                    return Self.decide(settings, ids: ids, weights: prefix, count: count, complete: complete,
                                       fullMass: full.mass, minPMass: full.minPMass, uniform: uniform)
                }
            }
            if let decided { return decided }
            candidates = min(candidates * 4, vocabulary)
        }
    }

    /// The drawn token if this canonical prefix decides it, nil when a longer prefix is needed.
    private static func decide(_ settings: SamplingSettings, ids: UnsafeBufferPointer<Int32>, weights: UnsafeMutableBufferPointer<Double>, count: Int,
                        complete: Bool, fullMass: Double, minPMass: Double, uniform: Double) -> Int32? {
        guard count > 0 else { return nil }
        // Length of the kept prefix, when it ends inside what we have.
        var kept: Int? = complete ? count : nil
        if settings.topP < 1 {
            var total = fullMass
            if complete && settings.topK > 0 { total = 0; for j in 0..<count { total += weights[j] } }
            let limit = settings.topP * total
            var before = 0.0
            for j in 0..<count {
                if !(before < limit) { kept = min(kept ?? j, j); break }
                before += weights[j]
            }
        }
        if settings.minP > 0, let j = (0..<count).first(where: { weights[$0] < settings.minP }) {
            kept = min(kept ?? j, j)
        }
        if let end = kept.map({ max(1, $0) }) {
            var mass = 0.0
            for j in 0..<end { mass += weights[j] }
            return Self.inverseCDF(ids: ids, weights: weights, count: end, target: uniform * mass) ?? ids[end - 1]
        }
        // The kept set runs past this prefix: top-p needs more candidates to close; otherwise its mass
        // is known from the full pass and the draw is decided if it lands inside the prefix.
        if settings.topP < 1 { return nil }
        let mass = settings.minP > 0 ? minPMass : fullMass
        return Self.inverseCDF(ids: ids, weights: weights, count: count, target: uniform * mass)
    }

    private static func inverseCDF(ids: UnsafeBufferPointer<Int32>, weights: UnsafeMutableBufferPointer<Double>, count: Int, target: Double) -> Int32? {
        var cumulative = 0.0
        for j in 0..<count {
            cumulative += weights[j]
            if cumulative > target { return ids[j] }
        }
        return nil
    }

    /// Argmax with ties to the lower id; NaN entries are skipped.
    public static func argmax(_ row: UnsafeBufferPointer<Float>) throws -> Int32 {
        var best = -1
        var bestValue = -Float.infinity
        for index in row.indices {
            let value = row[index]
            if value > bestValue || (best < 0 && !value.isNaN) {
                best = index
                bestValue = value
            }
        }
        guard best >= 0 else { throw GenerationError("sampler", "logits row is all NaN") }
        return Int32(truncatingIfNeeded: best)
    }
}

/// A logits row's maximum and its weights e^(z − max), as `RowExponentials.shifted` computes them
/// (NaN for NaN logits): what the sampler computed at temperature 1, for the token statistics.
public struct ShiftedExponentials {
    public let maximum: Float
    public let values: UnsafeBufferPointer<Double>
}

/// Weights exp((z − max) / T) of every token, written by id (NaN for NaN logits, which the selection
/// never offers), with the totals the sampler needs, where NaN entries count as 0.
private struct FullPass {
    var mass = 0.0
    var minPMass = 0.0
    var finiteOrInfiniteCount = Int.max

    init() {}

    init(_ row: UnsafeBufferPointer<Float>, _ maximum: Double, _ temperature: Double, _ minP: Double, into weights: UnsafeMutableBufferPointer<Double>) {
        let vectorEnd = row.count / 8 * 8
        RowExponentials.shifted(row, maximum: maximum, temperature: temperature, into: weights)
        var massLanes = SIMD8<Double>()
        var minPMassLanes = SIMD8<Double>()
        var nanLanes = SIMD8<Int64>()
        var index = 0
        while index < vectorEnd {
            let z = RowKernels.widened(row, index)
            let isNaN = z .!= z
            let weight = RowKernels.load(weights, index).replacing(with: 0, where: isNaN)
            massLanes += weight
            minPMassLanes += weight.replacing(with: 0, where: weight .< minP)
            nanLanes.replace(with: nanLanes &+ 1, where: isNaN)
            index += 8
        }
        mass = RowKernels.laneSum(massLanes)
        minPMass = RowKernels.laneSum(minPMassLanes)
        var nanCount = 0
        for lane in 0..<8 { nanCount += Int(nanLanes[lane]) }
        for tail in vectorEnd..<row.count {
            let z = row[tail]
            let weight = z.isNaN ? 0 : weights[tail]
            mass += weight
            if weight >= minP { minPMass += weight }
            if z.isNaN { nanCount += 1 }
        }
        finiteOrInfiniteCount = row.count - nanCount
    }
}
