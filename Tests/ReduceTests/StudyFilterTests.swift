import Testing
@testable import Reduce

@Test func studyFilterDropsZeroEntropyAndUnitCosineWithCounts() {
    let entropy: [Double] = [0, 0.5, 1.2, 0, 2.0, 1e-300, 0.7]
    let cosine: [Double] = [0.3, 1, 0.9, 1, 0.99999999, 1, 0.4]
    let filtered = Statistics.studyFilter(entropy: entropy, cosine: cosine)
    // Entropy 0 wins when both hold (index 3); tiny but nonzero values stay unless cosine is 1.
    #expect(filtered.counts == StudyFilterCounts(zeroEntropy: 2, unitCosine: 2))
    #expect(filtered.counts.dropped == 4)
    #expect(filtered.entropy == [1.2, 2.0, 0.7])
    #expect(filtered.cosine == [0.9, 0.99999999, 0.4])
}

@Test func studyFilterCountsAdd() {
    let total = StudyFilterCounts(zeroEntropy: 1, unitCosine: 2) + StudyFilterCounts(zeroEntropy: 3, unitCosine: 4)
    #expect(total == StudyFilterCounts(zeroEntropy: 4, unitCosine: 6))
}
