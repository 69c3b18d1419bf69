import Testing
@testable import Reduce

@Test func binnedQuartilesMatchNumpy() throws {
    let fixture = try BinnedFitFixture.load()
    #expect(fixture.token_cases.map(\.name) == ["rise_fall", "noisy", "dip_with_empty_bins"])
    for case_ in fixture.token_cases {
        let bins = Statistics.binnedMedians(entropy: case_.entropy, cosine: case_.cosine)
        #expect(bins.count == 50 && case_.bins.count == 50)
        #expect(bins.map(\.count).reduce(0, +) == case_.entropy.count, "\(case_.name): every token in a bin")
        for (index, (actual, expected)) in zip(bins, case_.bins).enumerated() {
            let label = "\(case_.name) bin \(index)"
            #expect(actual.count == expected.count, "\(label) count")
            #expect(isClose(actual.center, expected.center, relative: 1e-15, absolute: 1e-15), "\(label) center")
            #expect(isClose(actual.lower, expected.lower, relative: 1e-15, absolute: 1e-15), "\(label) lower")
            #expect(isClose(actual.upper, expected.upper, relative: 1e-15, absolute: 1e-15), "\(label) upper")
            for (value, reference, name) in [(actual.lowerQuartile, expected.q25, "q25"), (actual.median, expected.median, "median"), (actual.upperQuartile, expected.q75, "q75")] {
                if let reference {
                    #expect(isClose(value, reference, relative: 1e-14, absolute: 1e-15), "\(label) \(name) \(value) vs \(reference)")
                } else {
                    #expect(value.isNaN, "\(label) \(name): empty bin")
                }
            }
        }
    }
    // The sparse case must exercise empty bins.
    #expect(fixture.token_cases.last?.bins.contains { $0.count == 0 } == true)
}

@Test func maximumLandsInTheLastBinAndEmptyBinsAreKept() {
    let bins = Statistics.binnedMedians(entropy: [0, 1, 4, 10], cosine: [0.1, 0.2, 0.3, 0.4], binCount: 5)
    #expect(bins.map(\.count) == [2, 0, 1, 0, 1])
    #expect(bins.map(\.center) == [1, 3, 5, 7, 9])
    #expect(abs(bins[0].median - 0.15) < 1e-15 && abs(bins[0].lowerQuartile - 0.125) < 1e-15)
    #expect(bins[1].median.isNaN && bins[1].count == 0)
    #expect(bins[4].median == 0.4)
}

@Test func degenerateInputsGiveNoBinsOrOneBin() {
    #expect(Statistics.binnedMedians(entropy: [], cosine: []).isEmpty)
    let constant = Statistics.binnedMedians(entropy: [2, 2, 2], cosine: [0.1, 0.5, 0.3], binCount: 4)
    #expect(constant.map(\.count) == [3, 0, 0, 0])
    #expect(constant[0].center == 2 && constant[0].median == 0.3)
}
