import Foundation
import Generation
import Testing

/// Definition-level twin: full sort, p in Double, O(k²d) cosines from the raw (unnormalised) rows.
private struct NaiveStatistics {
    var entropy = 0.0, varentropy = 0.0, logprob = 0.0, rank = 0, nucleus: [Int] = [], mass = 0.0
    var nucleusEntropy = 0.0, cosine = Double.nan, weightedCosine = Double.nan

    init(logits: [Float], chosen: Int, matrix: [Float], dimension: Int, topP: Double) {
        let maximum = Double(logits.max()!)
        let logZ = log(logits.reduce(0.0) { $0 + exp(Double($1) - maximum) })
        let logP = logits.map { Double($0) - maximum - logZ }
        let p = logP.map(exp)
        entropy = -zip(p, logP).reduce(0) { $0 + $1.0 * $1.1 }
        varentropy = zip(p, logP).reduce(0) { $0 + $1.0 * ($1.1 + entropy) * ($1.1 + entropy) }
        logprob = logP[chosen]
        rank = 1 + logP.filter { $0 > logP[chosen] }.count
        var before = 0.0
        for id in NaiveSampling.canonicalOrder(logits) where before < topP {
            nucleus.append(id)
            before += p[id]
        }
        mass = before
        let q = nucleus.map { p[$0] / mass }
        nucleusEntropy = -q.reduce(0) { $0 + $1 * log($1) }
        guard nucleus.count > 1 else { return }
        func cos(_ a: Int, _ b: Int) -> Double {
            var (dot, aa, bb) = (0.0, 0.0, 0.0)
            for j in 0..<dimension {
                let x = Double(matrix[a * dimension + j]), y = Double(matrix[b * dimension + j])
                dot += x * y; aa += x * x; bb += y * y
            }
            return dot / (aa * bb).squareRoot()
        }
        var (sum, weighted, pairWeight) = (0.0, 0.0, 0.0)
        for i in nucleus.indices {
            for j in nucleus.indices where j > i {
                let c = cos(nucleus[i], nucleus[j])
                sum += c
                weighted += 2 * q[i] * q[j] * c
                pairWeight += 2 * q[i] * q[j]
            }
        }
        cosine = sum / Double(nucleus.count * (nucleus.count - 1) / 2)
        weightedCosine = weighted / pairWeight
    }
}

private func randomMatrix(rows: Int, dimension: Int, key: UInt64) -> [Float] {
    let rng = SequenceRNG(key: key)
    // Shared offset so cosines are clearly positive on average, not all ≈ 0.
    return (0..<(rows * dimension)).map { Float(rng.uniform(step: $0) - 0.3 + 0.2 * Double($0 % dimension) / Double(dimension)) }
}

@Suite struct TokenStatisticsTests {
    /// The sampler's weights at temperature 1, handed to the statistics, give the bits of statistics
    /// computed alone (NaN logits included); any other draw hands over nothing.
    @Test func samplerWeightsGiveTheBitsOfStatisticsComputedAlone() throws {
        let (vocabulary, dimension) = (3_000, 16)
        let matrix = randomMatrix(rows: vocabulary, dimension: dimension, key: 9)
        let embeddings = try NormalizedEmbeddings(matrix: matrix, vocabularySize: vocabulary, dimension: dimension)
        var shared = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 7)
        var alone = shared
        var sampler = try Sampler(settings: SamplingSettings(topP: 0.95))
        let rng = SequenceRNG(key: 77)
        for step in 0..<6 {
            let spread = [0.5, 2, 4, 8, 16, 3][step]
            var logits = (0..<vocabulary).map { Float(rng.uniform(step: step * vocabulary + $0) * spread * 4) }
            if step == 5 { logits[11] = .nan }
            let (fromSampler, computedAlone) = try logits.withUnsafeBufferPointer { row in
                let token = try sampler.sample(logits: row, uniform: 0.37)
                let handed = try sampler.withUnitTemperatureWeights { weights in
                    #expect(weights?.values.count == vocabulary)
                    return try shared.compute(logits: row, chosen: token, exponentials: weights)
                }
                return (handed, try alone.compute(logits: row, chosen: token))
            }
            let (a, b) = (fromSampler, computedAlone)
            #expect(a.entropy.bitPattern == b.entropy.bitPattern && a.varentropy.bitPattern == b.varentropy.bitPattern, "step \(step)")
            #expect(a.logprob.bitPattern == b.logprob.bitPattern && a.nucleusMass.bitPattern == b.nucleusMass.bitPattern)
            #expect(a.nucleusEntropy.bitPattern == b.nucleusEntropy.bitPattern)
            #expect(a.nucleusCosine.bitPattern == b.nucleusCosine.bitPattern)
            #expect(a.nucleusCosineWeighted.bitPattern == b.nucleusCosineWeighted.bitPattern)
            #expect(fromSampler.rank == computedAlone.rank && fromSampler.nucleusSize == computedAlone.nucleusSize)
            #expect(fromSampler.topkIds == computedAlone.topkIds)
            #expect(fromSampler.topkLogprobs.map(\.bitPattern) == computedAlone.topkLogprobs.map(\.bitPattern))
            #expect(step < 5 || fromSampler.entropy.isNaN)
        }
        let logits = (0..<vocabulary).map { Float($0 % 97) / 10 }
        let others = [SamplingSettings(temperature: 0.7), SamplingSettings(topK: 40), SamplingSettings(temperature: 0),
                      SamplingSettings(repetitionPenalty: 1.3)]
        for settings in others {
            var other = try Sampler(settings: settings)
            _ = try logits.withUnsafeBufferPointer { try other.sample(logits: $0, previousTokens: [3, 5], uniform: 0.5) }
            #expect(other.withUnitTemperatureWeights { $0 == nil }, "\(settings)")
        }
    }

    @Test(arguments: [(UInt64(1), 0.9), (2, 0.5), (3, 0.99), (4, 1.0)])
    func matchesDefinitionTwinOnRandomData(seed: UInt64, topP: Double) throws {
        let (vocabulary, dimension) = (700, 24)
        let matrix = randomMatrix(rows: vocabulary, dimension: dimension, key: seed)
        let embeddings = try NormalizedEmbeddings(matrix: matrix, vocabularySize: vocabulary, dimension: dimension)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: topP, topK: 7)
        let rng = SequenceRNG(key: seed + 100)
        for step in 0..<4 {
            // Quantised logits (ties) with a temperature that varies the nucleus size from a few to hundreds.
            let spread = [0.5, 2, 4, 8][step]
            let logits = (0..<vocabulary).map { Float((rng.uniform(step: step * vocabulary + $0) * spread * 8).rounded() / 8) }
            let chosen = Int32(step * 37 % vocabulary)
            let got = try logits.withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: chosen) }
            let want = NaiveStatistics(logits: logits, chosen: Int(chosen), matrix: matrix, dimension: dimension, topP: topP)
            #expect(abs(got.entropy - want.entropy) <= 1e-12 * want.entropy)
            #expect(abs(got.varentropy - want.varentropy) <= 1e-10 * want.varentropy)
            #expect(abs(got.logprob - want.logprob) < 1e-12)
            #expect(got.rank == want.rank)
            #expect(got.nucleusSize == want.nucleus.count)
            #expect(abs(got.nucleusMass - want.mass) < 1e-12)
            #expect(abs(got.nucleusEntropy - want.nucleusEntropy) < 1e-11)
            #expect(abs(got.nucleusCosine - want.cosine) < 1e-6, "k = \(want.nucleus.count)")
            #expect(abs(got.nucleusCosineWeighted - want.weightedCosine) < 1e-6, "k = \(want.nucleus.count)")
            let order = NaiveSampling.canonicalOrder(logits)
            #expect(got.topkIds.map(Int.init) == Array(order.prefix(7)))
            #expect(zip(got.topkIds, got.topkLogprobs).allSatisfy { abs($0.1 - (want.logprob - Double(logits[Int(chosen)]) + Double(logits[Int($0.0)]))) < 1e-12 })
        }
    }

    /// Hand-computed: z = [0, ln 2, ln 3, ln 4, −inf] → p = [.1, .2, .3, .4, 0]; nucleus at 0.6: ids 3, 2
    /// (mass before id 2 is .4 < .6; before id 1 it is .7) → k = 2, mass .7, q = (4/7, 3/7).
    @Test func handComputedSmallCase() throws {
        let logits: [Float] = [0, Float(log(2.0)), Float(log(3.0)), Float(log(4.0)), -.infinity]
        // Rows: id 3 = (1, 0), id 2 = (1, 1) → cos = 1/√2; others arbitrary.
        let matrix: [Float] = [0, 1, 1, -1, 1, 1, 2, 0, 3, 3]
        let embeddings = try NormalizedEmbeddings(matrix: matrix, vocabularySize: 5, dimension: 2)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.6, topK: 3)
        let stat = try logits.withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 1) }
        let p = [0.1, 0.2, 0.3, 0.4]
        let entropy = -p.reduce(0) { $0 + $1 * log($1) }  // 1.27985
        #expect(abs(stat.entropy - entropy) < 1e-7)
        #expect(abs(stat.varentropy - p.reduce(0) { $0 + $1 * (log($1) + entropy) * (log($1) + entropy) }) < 1e-7)
        #expect(abs(stat.logprob - log(0.2)) < 1e-7)
        #expect(stat.rank == 3)
        #expect(stat.nucleusSize == 2)
        #expect(abs(stat.nucleusMass - 0.7) < 1e-7)
        #expect(abs(stat.nucleusEntropy - -(4.0 / 7 * log(4.0 / 7) + 3.0 / 7 * log(3.0 / 7))) < 1e-7)
        #expect(abs(stat.nucleusCosine - 0.5.squareRoot()) < 1e-7)
        #expect(abs(stat.nucleusCosineWeighted - 0.5.squareRoot()) < 1e-7)  // one pair: weights cancel
        #expect(stat.topkIds == [3, 2, 1])
        #expect(zip(stat.topkLogprobs, [0.4, 0.3, 0.2]).allSatisfy { abs($0 - log($1)) < 1e-7 })
    }

    @Test func singleTokenNucleusHasNaNCosines() throws {
        let embeddings = try NormalizedEmbeddings(matrix: [1, 0, 0, 1, 1, 1], vocabularySize: 3, dimension: 2)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 20)
        let stat = try [Float(20), 0, 0].withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 0) }
        #expect(stat.nucleusSize == 1)
        #expect(stat.nucleusCosine.isNaN && stat.nucleusCosineWeighted.isNaN)
        #expect(stat.nucleusEntropy == 0)
        #expect(stat.rank == 1)
    }

    @Test func zeroEmbeddingRowsAreFlaggedAndGiveNaN() throws {
        let embeddings = try NormalizedEmbeddings(matrix: [1, 0, 0, 0, 1, 1, .nan, 1], vocabularySize: 4, dimension: 2)
        #expect(embeddings.unusableRows == [1, 3])
        #expect(embeddings.cosine(0, 1).isNaN)
        #expect(abs(embeddings.cosine(0, 2) - 0.5.squareRoot()) < 1e-7)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 20)
        let equal = try [Float](repeating: 0, count: 4).withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 2) }
        #expect(equal.nucleusSize == 4)
        #expect(equal.nucleusCosine.isNaN)
        #expect(equal.rank == 1)  // nothing strictly larger
    }

    /// A NaN row yields NaN moments and an empty nucleus, without failing (the lead decides what to flag).
    @Test func nanRowGivesNaNNotACrash() throws {
        let embeddings = try NormalizedEmbeddings(matrix: [1, 0, 0, 1, 1, 1], vocabularySize: 3, dimension: 2)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 20)
        let stat = try [Float.nan, .nan, .nan].withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 1) }
        #expect(stat.entropy.isNaN && stat.logprob.isNaN && stat.nucleusCosine.isNaN)
        #expect(stat.nucleusSize == 0 && stat.topkIds.isEmpty)
    }

    @Test func rejectsMismatchedInput() throws {
        let embeddings = try NormalizedEmbeddings(matrix: [1, 0, 0, 1], vocabularySize: 2, dimension: 2)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 20)
        #expect(throws: GenerationError.self) { try [Float(1), 2, 3].withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 0) } }
        #expect(throws: GenerationError.self) { try [Float(1), 2].withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 2) } }
        #expect(throws: GenerationError.self) { try NormalizedEmbeddings(matrix: [1, 2, 3], vocabularySize: 2, dimension: 2) }
        #expect(throws: GenerationError.self) { try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0, topK: 20) }
    }

    /// The sum-of-rows identity against the O(k²d) pairwise loop on random rows: exact (1e-12) against dot
    /// products of the stored Float unit rows, and within Float storage error (1e-6) of cosines taken in
    /// Double from the raw rows.
    @Test(arguments: [2, 3, 17, 120])
    func cosineIdentityEqualsPairwiseLoop(k: Int) throws {
        let dimension = 64
        let matrix = randomMatrix(rows: k, dimension: dimension, key: UInt64(k))
        let embeddings = try NormalizedEmbeddings(matrix: matrix, vocabularySize: k, dimension: dimension)
        let ids = (0..<Int32(k)).reversed().map { $0 }
        let raw = (0..<k).map { 1.0 + Double($0 % 5) }
        let q = raw.map { $0 / raw.reduce(0, +) }
        func dot(_ rows: [Float], _ a: Int32, _ b: Int32) -> Double {
            (0..<dimension).reduce(0.0) { $0 + Double(rows[Int(a) * dimension + $1]) * Double(rows[Int(b) * dimension + $1]) }
        }
        func trueCosine(_ a: Int32, _ b: Int32) -> Double {
            dot(matrix, a, b) / (dot(matrix, a, a) * dot(matrix, b, b)).squareRoot()
        }
        var (storedSum, storedWeighted, trueSum, trueWeighted, weightSum) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for i in 0..<k {
            for j in 0..<k where j != i {
                let stored = dot(embeddings.rows, ids[i], ids[j])
                let exact = trueCosine(ids[i], ids[j])
                storedSum += stored
                trueSum += exact
                storedWeighted += q[i] * q[j] * stored
                trueWeighted += q[i] * q[j] * exact
                weightSum += q[i] * q[j]
            }
        }
        let pairs = Double(k * (k - 1))
        let fast = ids.withUnsafeBufferPointer { ids in q.withUnsafeBufferPointer { embeddings.pairwiseCosines(ids: ids, weights: $0) } }
        #expect(abs(fast.mean - storedSum / pairs) < 1e-12)
        #expect(abs(fast.weighted - storedWeighted / weightSum) < 1e-12)
        #expect(abs(fast.mean - trueSum / pairs) < 1e-6)
        #expect(abs(fast.weighted - trueWeighted / weightSum) < 1e-6)
        #expect(abs(embeddings.cosine(ids[0], ids[1]) - trueCosine(ids[0], ids[1])) < 1e-6)
    }
}
