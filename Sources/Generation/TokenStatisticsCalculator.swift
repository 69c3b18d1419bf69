import Foundation
import Kernels
import NucleusCore

/// Computes `TokenStatistic` from one row of raw float32 logits, matching the definitions of
/// Tests/Fixtures/smollm2-135m/README.md and bench/hf_reference.py: p = softmax(z) in Double.
///
/// Cost per call, O(V) in three passes (max; exp and rank; moments) plus a canonical prefix of the
/// distribution found by partial selection (top 256, growing ×4 until the nucleus closes, as the
/// reference does) and one pass over the nucleus's embedding rows.
///
/// Owns scratch buffers: give each concurrently computing sequence (or thread) its own calculator.
public struct TokenStatisticsCalculator: Sendable {
    public let embeddings: NormalizedEmbeddings
    /// The analysis top-p defining the nucleus (not the sampling top-p).
    public let nucleusTopP: Double
    /// How many top tokens to report.
    public let topK: Int
    /// Attach each token's distribution p as float16 (`TokenStatistic.distribution`): all V
    /// entries when `distributionTop` is nil, else the top N in canonical order with their ids.
    public var storesDistribution = false
    public var distributionTop: Int?
    /// Size of the first canonical prefix tried for the nucleus.
    public static let initialCandidates = 256

    private var weights: [Double] = []
    private var nucleusWeights: [Double] = []
    private var selector = CanonicalTopSelector()

    public init(embeddings: NormalizedEmbeddings, nucleusTopP: Double, topK: Int) throws {
        guard nucleusTopP > 0 && nucleusTopP <= 1 else { throw GenerationError("token statistics", "nucleus top_p must be in (0, 1], got \(nucleusTopP)") }
        guard topK >= 0 else { throw GenerationError("token statistics", "top_k must be ≥ 0, got \(topK)") }
        self.embeddings = embeddings
        self.nucleusTopP = nucleusTopP
        self.topK = topK
    }

    /// Statistics of `logits` (length = the embeddings' vocabulary) for the chosen token `chosen`.
    /// NaN logits make the moments NaN rather than failing. `exponentials`, when given, must be this
    /// row's (the sampler's at temperature 1, `Sampler.withUnitTemperatureWeights`): neither they nor
    /// the maximum are then computed again.
    public mutating func compute(logits: UnsafeBufferPointer<Float>, chosen: Int32,
                                 exponentials: ShiftedExponentials? = nil) throws -> TokenStatistic {
        let vocabulary = logits.count
        guard vocabulary == embeddings.vocabularySize else {
            throw GenerationError("token statistics", "logits row has \(vocabulary) entries but the embeddings have \(embeddings.vocabularySize) rows")
        }
        guard chosen >= 0 && Int(chosen) < vocabulary else {
            throw GenerationError("token statistics", "chosen token \(chosen) is outside the vocabulary of \(vocabulary)")
        }
        if let exponentials {
            guard exponentials.values.count == vocabulary else {
                throw GenerationError("token statistics", "\(exponentials.values.count) exponentials given for a logits row of \(vocabulary)")
            }
            return measure(logits, chosen: chosen, maximum: Double(exponentials.maximum), weights: exponentials.values)
        }
        let maximum = Double(RowKernels.maximum(logits))
        var own = weights.count < vocabulary ? [Double](repeating: 0, count: vocabulary) : weights
        weights = []
        defer { weights = own }
        return own.withUnsafeMutableBufferPointer { buffer in
            let row = UnsafeMutableBufferPointer(rebasing: buffer[0..<vocabulary])
            RowExponentials.shifted(logits, maximum: maximum, into: row)
            return measure(logits, chosen: chosen, maximum: maximum, weights: UnsafeBufferPointer(row))
        }
    }

    /// The statistics from the row's weights w = e^(z − max).
    private mutating func measure(_ logits: UnsafeBufferPointer<Float>, chosen: Int32, maximum: Double,
                                  weights: UnsafeBufferPointer<Double>) -> TokenStatistic {
        let vocabulary = logits.count
        let moments = Moments(logits, chosen: Int(chosen), maximum: maximum, weights: weights)
        var candidates = max(Self.initialCandidates, topK)
        while true {
            let count = selector.select(from: logits, count: min(candidates, vocabulary))
            let nucleus = nucleusSize(count: count, moments: moments, weights: weights)
            if nucleus < count || count >= vocabulary || candidates >= vocabulary {
                var statistic = finish(logits, chosen: chosen, moments: moments, weights: weights, count: count, nucleus: nucleus)
                if storesDistribution { recordDistribution(logits, moments: moments, weights: weights, into: &statistic) }
                return statistic
            }
            candidates *= 4
        }
    }

    /// p_v = w_v / Z from the weights `Moments` left (the Double values the statistics use), each
    /// rounded once to float16. Reuses the selector, so call it after `finish`.
    private mutating func recordDistribution(_ logits: UnsafeBufferPointer<Float>, moments: Moments,
                                             weights: UnsafeBufferPointer<Double>, into statistic: inout TokenStatistic) {
        let partition = moments.partition
        guard let top = distributionTop else {
            statistic.distribution = (0..<logits.count).map { Float16(weights[$0] / partition).bitPattern }
            return
        }
        let wanted = min(top, logits.count)
        let count = selector.select(from: logits, count: wanted)
        // NaN logits are never selected: the missing places hold id −1 and probability 0.
        var ids = [Int32](repeating: -1, count: wanted)
        var bits = [UInt16](repeating: 0, count: wanted)
        for j in 0..<count {
            let id = selector.ids[j]
            ids[j] = id
            bits[j] = Float16(weights[Int(id)] / partition).bitPattern
        }
        statistic.distribution = bits
        statistic.distributionIDs = ids
    }

    /// Tokens of the selected canonical prefix whose preceding mass is < nucleusTopP.
    private func nucleusSize(count: Int, moments: Moments, weights: UnsafeBufferPointer<Double>) -> Int {
        var before = 0.0
        var size = 0
        for j in 0..<count {
            if !(before < nucleusTopP) { break }
            before += weights[Int(selector.ids[j])] / moments.partition
            size += 1
        }
        return size
    }

    private mutating func finish(_ logits: UnsafeBufferPointer<Float>, chosen: Int32, moments: Moments,
                                 weights: UnsafeBufferPointer<Double>, count: Int, nucleus: Int) -> TokenStatistic {
        let ids = selector.ids
        let reported = min(topK, count)
        let topkIds = Array(ids[0..<reported])
        let topkLogprobs = topkIds.map { moments.logProbability(logits[Int($0)]) }

        if nucleusWeights.count < nucleus { nucleusWeights = [Double](repeating: 0, count: max(nucleus, 2 * nucleusWeights.count)) }
        var mass = 0.0
        for j in 0..<nucleus { mass += weights[Int(ids[j])] / moments.partition }
        let logMass = log(mass)
        var nucleusEntropy = 0.0
        for j in 0..<nucleus {
            let id = Int(ids[j])
            let q = weights[id] / moments.partition / mass
            nucleusWeights[j] = q
            if q > 0 { nucleusEntropy -= q * (moments.logProbability(logits[id]) - logMass) }
        }
        if nucleus == 1 { nucleusEntropy = 0 }  // q = 1 exactly; the sum above leaves a rounding residue
        let cosines = ids.withUnsafeBufferPointer { ids in
            nucleusWeights.withUnsafeBufferPointer { q in
                embeddings.pairwiseCosines(ids: UnsafeBufferPointer(rebasing: ids[0..<nucleus]), weights: UnsafeBufferPointer(rebasing: q[0..<nucleus]))
            }
        }
        return TokenStatistic(tokenId: chosen, logprob: moments.logProbability(logits[Int(chosen)]), rank: moments.rank,
                              entropy: moments.entropy, varentropy: moments.varentropy, nucleusSize: nucleus,
                              nucleusMass: mass, nucleusEntropy: nucleusEntropy, nucleusCosine: cosines.mean,
                              nucleusCosineWeighted: cosines.weighted, topkIds: topkIds, topkLogprobs: topkLogprobs)
    }
}

/// Full-vocabulary quantities of p = softmax(z), in Double, from the weights w_v = e^(z_v − max).
struct Moments {
    let maximum: Double
    /// Z = Σ exp(z − max).
    let partition: Double
    let logPartition: Double
    let entropy: Double
    let varentropy: Double
    let rank: Int

    init(_ logits: UnsafeBufferPointer<Float>, chosen: Int, maximum: Double, weights: UnsafeBufferPointer<Double>) {
        let vectorEnd = logits.count / 8 * 8
        // Pass 1: Z, and Σ w·(z − max) for a first entropy estimate. Tokens with weight 0
        // (z = −inf) contribute nothing, not 0 · −inf.
        var (partition, weightedShift) = MomentSums.first(logits: logits, weights: weights, count: vectorEnd,
                                                          maximum: maximum)
        for tail in vectorEnd..<logits.count {
            let shift = Double(logits[tail]) - maximum
            let weight = weights[tail]
            partition += weight
            weightedShift += weight == 0 ? 0 : weight * shift
        }
        let logPartition = log(partition)
        // Pass 2: H directly, and the surprisal variance centred on the first estimate of H (the error of
        // that centre is the square of a rounding difference).
        let centre = logPartition - weightedShift / partition
        var (entropy, varentropy) = MomentSums.second(logits: logits, weights: weights, count: vectorEnd,
                                                      maximum: maximum, partition: partition,
                                                      logPartition: logPartition, centre: centre)
        for tail in vectorEnd..<logits.count where weights[tail] != 0 {
            let p = weights[tail] / partition
            let logP = Double(logits[tail]) - maximum - logPartition
            entropy -= p * logP
            varentropy += p * (logP + centre) * (logP + centre)
        }
        self.maximum = maximum
        self.partition = partition
        self.logPartition = logPartition
        self.entropy = entropy
        self.varentropy = varentropy
        // ln p is monotone in z, and distinct floats stay distinct after the Double shift.
        self.rank = RowKernels.countGreater(logits, than: logits[chosen]) + 1
    }

    func logProbability(_ z: Float) -> Double {
        Double(z) - maximum - logPartition
    }
}
