import Foundation

/// BLEU of one hypothesis against references, as nltk 3.10's `sentence_bleu(references,
/// hypothesis, weights=(¼, ¼, ¼, ¼), smoothing_function=SmoothingFunction().method1)`:
/// - p_n = Σ_g min(count_hyp(g), max_r count_r(g)) / max(1, #hypothesis n-grams), n = 1…4;
/// - if no unigram matches, BLEU = 0;
/// - method1: a p_n with no match becomes 0.1 / its denominator;
/// - brevity penalty with r = the reference length closest to the hypothesis length c (ties: the
///   shorter): 1 when c > r, 0 when c = 0, else exp(1 − r/c);
/// - BLEU = BP · exp(Σ ¼ ln p_n).
/// Nil without references (nltk fails on them).
enum SentenceBLEU {
    static let order = 4
    static let epsilon = 0.1

    static func score(references: [[Int]], hypothesis: [Int]) -> Double? {
        guard !references.isEmpty else { return nil }
        var precisions: [(matched: Int, total: Int)] = []
        for n in 1...order {
            let counts = Dictionary(nGrams(hypothesis, n).map { ($0, 1) }, uniquingKeysWith: +)
            var maxCounts: [ArraySlice<Int>: Int] = [:]
            for reference in references {
                let referenceCounts = Dictionary(nGrams(reference, n).map { ($0, 1) }, uniquingKeysWith: +)
                for gram in counts.keys {
                    maxCounts[gram] = max(maxCounts[gram] ?? 0, referenceCounts[gram] ?? 0)
                }
            }
            let matched = counts.reduce(0) { $0 + min($1.value, maxCounts[$1.key] ?? 0) }
            precisions.append((matched, max(1, counts.values.reduce(0, +))))
        }
        guard precisions[0].matched > 0 else { return 0 }
        let length = hypothesis.count
        let closest = references.map(\.count).min { (abs($0 - length), $0) < (abs($1 - length), $1) } ?? 0
        let brevity = length > closest ? 1 : length == 0 ? 0 : exp(1 - Double(closest) / Double(length))
        let logs = precisions.map { precision in
            let value = precision.matched == 0
                ? epsilon / Double(precision.total)
                : Double(precision.matched) / Double(precision.total)
            return 0.25 * log(value)
        }
        return brevity * exp(logs.compensatedSum())
    }
}

extension OutputDiversity {
    /// Self-BLEU: the mean over i of `SentenceBLEU` with hypothesis sᵢ.split() and references
    /// s_j.split() for every j ≠ i. Nil for fewer than two completions.
    public static func selfBLEU(_ completions: [String]) -> Double? {
        guard completions.count >= 2 else { return nil }
        var words = PythonWords()
        let split = completions.map { words.splitOnWhitespace($0) }
        var total = 0.0
        for index in split.indices {
            let references = split.indices.filter { $0 != index }.map { split[$0] }
            guard let score = SentenceBLEU.score(references: references, hypothesis: split[index]) else { return nil }
            total += score
        }
        return total / Double(split.count)
    }
}
