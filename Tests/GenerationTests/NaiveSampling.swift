import Foundation

/// Test twin of the sampler: full sort, every transform spelled out (HF order), no partial selection.
enum NaiveSampling {
    /// Canonical order: logit descending, ties by lower id; NaN excluded.
    static func canonicalOrder(_ logits: [Float]) -> [Int] {
        logits.indices.filter { !logits[$0].isNaN }.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
    }

    static func penalised(_ logits: [Float], previous: [Int32], penalty: Double) -> [Float] {
        var out = logits
        for id in Set(previous.map(Int.init)) {
            out[id] = logits[id] > 0 ? logits[id] / Float(penalty) : logits[id] * Float(penalty)
        }
        return out
    }

    /// The kept tokens in canonical order with their (unnormalised) weights exp((z − max)/T).
    static func kept(_ logits: [Float], order: [Int]? = nil, temperature: Double, topK: Int, topP: Double, minP: Double) -> [(id: Int, weight: Double)] {
        let order = order ?? canonicalOrder(logits)
        let maximum = Double(logits[order[0]])
        var kept = order.map { (id: $0, weight: exp((Double(logits[$0]) - maximum) / temperature)) }
        if topK > 0 { kept = Array(kept.prefix(topK)) }
        if topP < 1 {
            let total = kept.reduce(0) { $0 + $1.weight }
            var before = 0.0
            var count = 0
            for entry in kept {
                if before >= topP * total { break }
                before += entry.weight
                count += 1
            }
            kept = Array(kept.prefix(count))
        }
        if minP > 0 { kept = kept.filter { $0.weight >= minP } }
        return kept
    }

    /// Probability of each token under the transformed distribution.
    static func distribution(_ logits: [Float], temperature: Double, topK: Int = 0, topP: Double = 1, minP: Double = 0) -> [Int: Double] {
        let entries = kept(logits, temperature: temperature, topK: topK, topP: topP, minP: minP)
        let mass = entries.reduce(0) { $0 + $1.weight }
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0.weight / mass) })
    }

    /// Inverse CDF over the kept tokens in canonical order.
    static func sample(_ logits: [Float], temperature: Double, topK: Int = 0, topP: Double = 1, minP: Double = 0, uniform: Double) -> Int {
        sample(kept(logits, temperature: temperature, topK: topK, topP: topP, minP: minP), uniform: uniform)
    }

    static func sample(_ entries: [(id: Int, weight: Double)], uniform: Double) -> Int {
        let target = uniform * entries.reduce(0) { $0 + $1.weight }
        var cumulative = 0.0
        for entry in entries {
            cumulative += entry.weight
            if cumulative > target { return entry.id }
        }
        return entries[entries.count - 1].id
    }
}
