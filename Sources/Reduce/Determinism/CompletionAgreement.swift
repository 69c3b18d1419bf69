/// How much the N samples of one prompt under one settings block agree (DESIGN §10
/// "Determinism"), from their generated token ids:
/// - distinct completions (by token ids);
/// - modal share = (count of the most common completion) / N;
/// - pairwise exact-match rate over the N(N−1)/2 pairs;
/// - first divergence of a pair = the index of the first differing generated token (the shorter
///   length when one is a prefix of the other), over the pairs that are not identical — identical
///   pairs have none and are counted apart; its mean and median (the mean of the middle two for an
///   even count).
public struct CompletionAgreement: Equatable, Sendable {
    public let samples: Int
    public let distinctCompletions: Int
    public let modalShare: Double
    /// Nil for a single sample (no pairs).
    public let pairwiseExactMatch: Double?
    public let identicalPairs: Int
    /// The first divergence of each non-identical pair, pairs (i, j), i < j, in order.
    public let firstDivergences: [Int]
    /// The most common completion; among equally common ones, the one sampled first.
    public let modalCompletion: [Int32]

    /// Nil for no samples.
    public init?(samples: [[Int32]]) {
        guard !samples.isEmpty else { return nil }
        let n = samples.count
        self.samples = n
        let counts = Dictionary(samples.map { ($0, 1) }, uniquingKeysWith: +)
        distinctCompletions = counts.count
        let highest = counts.values.max() ?? 0
        modalShare = Double(highest) / Double(n)
        modalCompletion = samples.first { counts[$0] == highest } ?? []
        var identical = 0
        var divergences: [Int] = []
        for i in 0..<n {
            for j in (i + 1)..<n {
                if samples[i] == samples[j] {
                    identical += 1
                } else {
                    divergences.append(Self.firstDivergence(samples[i], samples[j]))
                }
            }
        }
        identicalPairs = identical
        firstDivergences = divergences
        pairwiseExactMatch = n < 2 ? nil : Double(identical) / Double(n * (n - 1) / 2)
    }

    /// Nil when every pair is identical (or there are no pairs).
    public var firstDivergenceMean: Double? {
        firstDivergences.isEmpty ? nil : Double(firstDivergences.reduce(0, +)) / Double(firstDivergences.count)
    }

    public var firstDivergenceMedian: Double? {
        guard !firstDivergences.isEmpty else { return nil }
        let sorted = firstDivergences.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? Double(sorted[middle]) : Double(sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A perturbed prompt's agreement: the share of its samples equal to `reference` (the
    /// unperturbed prompt's modal completion). Nil for no samples.
    public static func agreement(of samples: [[Int32]], with reference: [Int32]) -> Double? {
        samples.isEmpty ? nil : Double(samples.filter { $0 == reference }.count) / Double(samples.count)
    }

    static func firstDivergence(_ a: [Int32], _ b: [Int32]) -> Int {
        let shorter = min(a.count, b.count)
        return (0..<shorter).first { a[$0] != b[$0] } ?? shorter
    }
}
