import Foundation
import Generation
import Testing

private func draw(_ logits: [Float], _ settings: SamplingSettings, previous: [Int32] = [], uniform: Double) throws -> Int32 {
    var sampler = try Sampler(settings: settings)
    return try logits.withUnsafeBufferPointer { try sampler.sample(logits: $0, previousTokens: previous, uniform: uniform) }
}

/// Fraction of the u-grid (i + ½)/n mapped to each token: the sampled distribution, up to 1/n.
private func gridFrequencies(_ logits: [Float], _ settings: SamplingSettings, previous: [Int32] = [], points: Int = 20_000) throws -> [Int: Double] {
    var sampler = try Sampler(settings: settings)
    var counts: [Int: Int] = [:]
    try logits.withUnsafeBufferPointer { row in
        for i in 0..<points {
            let token = try sampler.sample(logits: row, previousTokens: previous, uniform: (Double(i) + 0.5) / Double(points))
            counts[Int(token), default: 0] += 1
        }
    }
    return counts.mapValues { Double($0) / Double(points) }
}

private func randomLogits(count: Int, seed: UInt64, tiesEvery step: Float? = nil) -> [Float] {
    let rng = SequenceRNG(key: seed)
    return (0..<count).map { index in
        // Roughly logit-like: Gaussian-ish spread of a few units with a tail of large values.
        let u = rng.uniform(step: index), v = rng.uniform(step: index, draw: 1)
        var value = Float(4 * (u + v - 1) + (u > 0.999 ? 8 : 0))
        if let step { value = (value / step).rounded() * step }
        return value
    }
}

@Suite struct SamplerTests {
    // z = [1, 3, 2, 3, 0]. Canonical order 1, 3, 2, 0, 4 (ids 1 and 3 tie at 3: lower id first).
    // T = 1: weights e^(z−3) = 1, 1, e^-1, e^-2, e^-3; Z = 2.5530; p = .39170, .39170, .14410, .05301, .01950;
    // cumulative in canonical order .39170 (1), .78339 (3), .92749 (2), .98050 (0), 1 (4).
    let small: [Float] = [1, 3, 2, 3, 0]

    @Test func greedyPicksArgmaxWithTiesToLowerId() throws {
        #expect(try draw(small, .greedy, uniform: 0.99) == 1)
        #expect(try draw([-5, .nan, -1, -1], .greedy, uniform: 0) == 2)
        #expect(try draw([-.infinity, -.infinity], .greedy, uniform: 0) == 0)
    }

    @Test(arguments: [(0.0, 1), (0.39, 1), (0.40, 3), (0.78, 3), (0.79, 2), (0.92, 2), (0.93, 0), (0.98, 0), (0.981, 4), (0.9999, 4)])
    func inverseCDFOnSmallVocabulary(uniform: Double, expected: Int32) throws {
        #expect(try draw(small, SamplingSettings(), uniform: uniform) == expected)
    }

    @Test func topKOneIsGreedy() throws {
        for seed in UInt64(0)..<20 {
            let logits = randomLogits(count: 3000, seed: seed, tiesEvery: 0.25)
            let greedy = try draw(logits, .greedy, uniform: 0)
            for u in [0.0, 0.5, 0.999] {
                #expect(try draw(logits, SamplingSettings(temperature: 1.3, topK: 1), uniform: u) == greedy)
            }
        }
    }

    @Test func topKTwoSplitsTiedPairEvenly() throws {
        let settings = SamplingSettings(topK: 2)
        #expect(try draw(small, settings, uniform: 0.49) == 1)
        #expect(try draw(small, settings, uniform: 0.51) == 3)
        #expect(try gridFrequencies(small, settings) == [1: 0.5, 3: 0.5])
    }

    /// Top-p keeps the smallest canonical prefix with mass ≥ p: 0.8 → {1, 3, 2} (.78339 < .8 ≤ .92749);
    /// 0.78 → {1, 3}; 0.3917 → {1} would need mass ≥ .3917 after id 1 alone, so 0.39 → {1}.
    @Test func topPKeepsSmallestPrefixReachingP() throws {
        #expect(Set(try gridFrequencies(small, SamplingSettings(topP: 0.8)).keys) == [1, 3, 2])
        #expect(Set(try gridFrequencies(small, SamplingSettings(topP: 0.78)).keys) == [1, 3])
        #expect(Set(try gridFrequencies(small, SamplingSettings(topP: 0.39)).keys) == [1])
        // Renormalised over the kept set: u = 0.95 with top-p 0.8 targets 0.95 × .92749 = .8811 → id 2.
        #expect(try draw(small, SamplingSettings(topP: 0.8), uniform: 0.95) == 2)
        #expect(try draw(small, SamplingSettings(topP: 0.78), uniform: 0.95) == 3)
    }

    /// Min-p keeps p ≥ minP × p_max, i.e. weight e^(z−3) ≥ minP: 0.3 keeps {1, 3, 2} (e^-1 = .368), 0.4 keeps {1, 3}.
    @Test func minPThresholdIsRelativeToMaxProbability() throws {
        #expect(Set(try gridFrequencies(small, SamplingSettings(minP: 0.3)).keys) == [1, 3, 2])
        #expect(Set(try gridFrequencies(small, SamplingSettings(minP: 0.4)).keys) == [1, 3])
        #expect(Set(try gridFrequencies(small, SamplingSettings(temperature: 0.5, minP: 0.1)).keys) == [1, 3, 2])  // e^-2 = .135
    }

    /// Lower temperature sharpens: the grid frequencies equal softmax(z / T).
    @Test(arguments: [0.25, 0.5, 1.0, 2.0])
    func temperatureScalesLogits(temperature: Double) throws {
        let frequencies = try gridFrequencies(small, SamplingSettings(temperature: temperature))
        let weights = small.map { exp((Double($0) - 3) / temperature) }
        let total = weights.reduce(0, +)
        for id in small.indices {
            #expect(abs((frequencies[id] ?? 0) - weights[id] / total) < 1e-4)  // grid resolution 1/20000
        }
    }

    /// Sharpening by hand: p(id 1) = 1 / (2 + e^(-1/T) + e^(-2/T) + e^(-3/T)) = .49538, .46379, .39170, .31274
    /// for T = 0.25, 0.5, 1, 2.
    @Test func lowerTemperatureSharpens() throws {
        let expected = [0.25: 0.49538, 0.5: 0.46379, 1: 0.39170, 2: 0.31274]
        for (temperature, probability) in expected {
            let frequencies = try gridFrequencies(small, SamplingSettings(temperature: temperature))
            #expect(abs((frequencies[1] ?? 0) - probability) < 1e-4, "T = \(temperature)")
        }
    }

    /// 20k draws from the Philox stream: every token's frequency within 4.5 standard errors of its probability.
    @Test func empiricalFrequenciesMatchSoftmax() throws {
        let logits: [Float] = [0.5, 2, 1.25, -1, 2, 0, 1.75, -3]
        var sampler = try Sampler(settings: SamplingSettings(temperature: 0.8))
        let rng = SequenceRNG(key: 2024)
        let n = 20_000
        var counts = [Int](repeating: 0, count: logits.count)
        try logits.withUnsafeBufferPointer { row in
            for step in 0..<n { counts[Int(try sampler.sample(logits: row, rng: rng, step: step))] += 1 }
        }
        let weights = logits.map { exp(Double($0) / 0.8) }
        let total = weights.reduce(0, +)
        for id in logits.indices {
            let p = weights[id] / total
            let frequency = Double(counts[id]) / Double(n)
            #expect(abs(frequency - p) < 4.5 * (p * (1 - p) / Double(n)).squareRoot() + 1e-9, "token \(id)")
        }
    }

    /// Repetition penalty (HF): positive logits divided, others multiplied, once per distinct token.
    @Test func repetitionPenalty() throws {
        let logits: [Float] = [2, -1, 0.5]
        #expect(try draw(logits, SamplingSettings(temperature: 0, repetitionPenalty: 2), previous: [0, 1, 1], uniform: 0) == 0)
        #expect(try draw(logits, SamplingSettings(temperature: 0, repetitionPenalty: 5), previous: [0, 1, 1], uniform: 0) == 2)
        // Penalty 2 gives [1, −2, 0.5] (not −4 for the repeated id 1).
        let frequencies = try gridFrequencies(logits, SamplingSettings(repetitionPenalty: 2), previous: [0, 1, 1])
        let weights = [1.0, -2, 0.5].map { exp($0) }
        let total = weights.reduce(0, +)
        for id in 0..<3 { #expect(abs((frequencies[id] ?? 0) - weights[id] / total) < 1e-4) }
        // Out-of-range history ids are ignored.
        #expect(try draw(logits, SamplingSettings(temperature: 0, repetitionPenalty: 5), previous: [-1, 7], uniform: 0) == 0)
    }

    /// On a 49152-token vocabulary with tied logits, the partial-selection sampler equals the full-sort twin.
    @Test func matchesFullSortTwinOnLargeVocabulary() throws {
        let logits = randomLogits(count: 49152, seed: 99, tiesEvery: 0.125)
        let order = NaiveSampling.canonicalOrder(logits)
        let rng = SequenceRNG(key: 5)
        for settings in [
            SamplingSettings(), SamplingSettings(temperature: 0.7, topP: 0.9), SamplingSettings(temperature: 1.5, topP: 0.99),
            SamplingSettings(topK: 50), SamplingSettings(temperature: 0.9, topK: 40, topP: 0.95, minP: 0.05),
            SamplingSettings(temperature: 2, minP: 0.02), SamplingSettings(temperature: 1.2, topK: 20_000, topP: 0.999),
        ] {
            var sampler = try Sampler(settings: settings)
            let kept = NaiveSampling.kept(logits, order: order, temperature: settings.temperature, topK: settings.topK,
                                          topP: settings.topP, minP: settings.minP)
            try logits.withUnsafeBufferPointer { row in
                for step in 0..<12 {
                    let u = step == 0 ? 0.999_999 : rng.uniform(step: step)
                    let got = try sampler.sample(logits: row, uniform: u)
                    #expect(got == Int32(NaiveSampling.sample(kept, uniform: u)), "\(settings), u = \(u)")
                }
            }
        }
    }

    @Test func rejectsBadInput() throws {
        #expect(throws: GenerationError.self) { try draw([.nan, .nan], SamplingSettings(), uniform: 0.5) }
        #expect(throws: GenerationError.self) { try draw([.nan, .nan], .greedy, uniform: 0.5) }
        #expect(throws: GenerationError.self) { try draw([], .greedy, uniform: 0.5) }
        #expect(throws: GenerationError.self) { try draw([1, 2], SamplingSettings(), uniform: 1) }
        #expect(throws: GenerationError.self) { try Sampler(settings: SamplingSettings(topP: 0)) }
        #expect(throws: GenerationError.self) { try Sampler(settings: SamplingSettings(temperature: -1)) }
        #expect(throws: GenerationError.self) { try Sampler(settings: SamplingSettings(topK: -3)) }
        #expect(throws: GenerationError.self) { try Sampler(settings: SamplingSettings(minP: 1.5)) }
        #expect(throws: GenerationError.self) { try Sampler(settings: SamplingSettings(repetitionPenalty: 0)) }
        // NaN logits are never drawn.
        #expect(try draw([.nan, 1, .nan], SamplingSettings(), uniform: 0.999) == 1)
    }

    @Test func settingsDecodeWithDefaultsAndSnakeCaseKeys() throws {
        let decoded = try JSONDecoder().decode(SamplingSettings.self, from: Data(#"{"temperature": 0.7, "top_p": 0.95, "min_p": 0.1}"#.utf8))
        #expect(decoded == SamplingSettings(temperature: 0.7, topP: 0.95, minP: 0.1))
        #expect(decoded.topK == 0 && decoded.repetitionPenalty == 1)
        let roundTrip = try JSONDecoder().decode(SamplingSettings.self, from: JSONEncoder().encode(SamplingSettings(temperature: 0.3, topK: 7, repetitionPenalty: 1.1)))
        #expect(roundTrip == SamplingSettings(temperature: 0.3, topK: 7, repetitionPenalty: 1.1))
    }
}
