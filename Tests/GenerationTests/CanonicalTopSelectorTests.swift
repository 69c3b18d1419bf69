import Generation
import Testing

@Suite struct CanonicalTopSelectorTests {
    /// Heap selection (and the sort path for large n) equals a full sort by (value desc, id asc), NaN excluded.
    @Test(arguments: [1, 5, 20, 256, 1024, 5000, 20_000, 49_152])
    func matchesFullSort(count: Int) {
        let rng = SequenceRNG(key: 11)
        var logits = (0..<49_152).map { Float((rng.uniform(step: $0) * 64).rounded(.down)) / 4 }  // many ties
        for index in stride(from: 3, to: logits.count, by: 997) { logits[index] = .nan }
        logits[40_000] = -.infinity
        let expected = NaiveSampling.canonicalOrder(logits)
        var selector = CanonicalTopSelector()
        let selected = logits.withUnsafeBufferPointer { selector.select(from: $0, count: count) }
        #expect(selected == min(count, expected.count))
        #expect(selector.ids[0..<selected].map(Int.init) == Array(expected.prefix(selected)))
    }

    /// Sorted and constant rows, the classic quickselect traps, on the key path (n > 256).
    @Test(arguments: ["increasing", "decreasing", "constant", "sawtooth"])
    func orderedRowsOnQuickselectPath(shape: String) {
        let count = 20_000
        let logits: [Float] = (0..<count).map { i in
            switch shape {
            case "increasing": Float(i)
            case "decreasing": Float(-i)
            case "constant": 1.5
            default: Float(i % 100)
            }
        }
        var selector = CanonicalTopSelector()
        let selected = logits.withUnsafeBufferPointer { selector.select(from: $0, count: 3_000) }
        #expect(selected == 3_000)
        #expect(selector.ids[0..<selected].map(Int.init) == Array(NaiveSampling.canonicalOrder(logits).prefix(3_000)))
    }

    /// A row whose every eighth entry (the ones the threshold is estimated from) stands far above the
    /// rest: fewer than n entries reach the estimate, and the selection falls back to all keys.
    @Test func sampledThresholdThatMissesFallsBackToTheFullRow() {
        let logits: [Float] = (0..<40_000).map { (index: Int) -> Float in
            index % 8 == 0 ? Float(1_000 + index % 613) : Float(index % 977) / 8
        }
        var selector = CanonicalTopSelector()
        for count in [300, 1_024, 6_000] {
            let selected = logits.withUnsafeBufferPointer { selector.select(from: $0, count: count) }
            #expect(selected == count)
            #expect(selector.ids[0..<selected].map(Int.init) == Array(NaiveSampling.canonicalOrder(logits).prefix(count)))
        }
    }

    @Test func increasingRowIsWorstCaseButCorrect() {
        let logits = (0..<10_000).map { Float($0) }
        var selector = CanonicalTopSelector()
        let selected = logits.withUnsafeBufferPointer { selector.select(from: $0, count: 100) }
        #expect(selected == 100)
        #expect(selector.ids[0..<100].map(Int.init) == Array((9_900..<10_000).reversed()))
    }
}
