/// Counts over a set of documents; tallies of disjoint document sets add up exactly (integers), so
/// the total does not depend on how documents were split across threads.
public struct CooccurrenceTally: Sendable, Equatable {
    /// The windows W, ascending.
    public let windows: [Int]
    public let candidateCount: Int
    public let groupCount: Int
    /// count(candidate, group) for each window: `pairs[(w * candidateCount + c) * groupCount + g]`.
    public private(set) var pairs: [Int]
    /// Occurrences of each term (candidates, then groups) over all documents.
    public private(set) var occurrences: [Int]
    public private(set) var documents = 0
    public private(set) var words = 0

    public init(windows: [Int], candidateCount: Int, groupCount: Int) {
        self.windows = windows
        self.candidateCount = candidateCount
        self.groupCount = groupCount
        pairs = [Int](repeating: 0, count: windows.count * candidateCount * groupCount)
        occurrences = [Int](repeating: 0, count: candidateCount + groupCount)
    }

    /// count(candidate, group) within `windows[window]`.
    public func count(window: Int, candidate: Int, group: Int) -> Int {
        pairs[(window * candidateCount + candidate) * groupCount + group]
    }

    /// Adds one document: `positions[t]` holds term t's ascending first-word positions.
    mutating func addDocument(wordCount: Int, positions: [[Int]]) {
        documents += 1
        words += wordCount
        for term in positions.indices { occurrences[term] += positions[term].count }
        for candidate in 0..<candidateCount where !positions[candidate].isEmpty {
            for group in 0..<groupCount where !positions[candidateCount + group].isEmpty {
                for (window, width) in windows.enumerated() {
                    pairs[(window * candidateCount + candidate) * groupCount + group] +=
                        Self.pairsWithin(width, positions[candidate], positions[candidateCount + group])
                }
            }
        }
    }

    /// The number of pairs (p, q), p from `first`, q from `second` (both ascending), with |p − q| ≤ width.
    static func pairsWithin(_ width: Int, _ first: [Int], _ second: [Int]) -> Int {
        var total = 0
        var low = 0, high = 0
        for position in first {
            while low < second.count, second[low] < position - width { low += 1 }
            if high < low { high = low }
            while high < second.count, second[high] <= position + width { high += 1 }
            total += high - low
        }
        return total
    }

    /// Adds another tally over the same windows and terms.
    mutating func add(_ other: CooccurrenceTally) {
        for index in pairs.indices { pairs[index] += other.pairs[index] }
        for index in occurrences.indices { occurrences[index] += other.occurrences[index] }
        documents += other.documents
        words += other.words
    }
}
