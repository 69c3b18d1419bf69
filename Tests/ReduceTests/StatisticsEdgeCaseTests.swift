import Testing
@testable import Reduce

@Test func tooFewObservationsIsUndefined() {
    for estimator in [Statistics.pearson, Statistics.spearman, Statistics.kendallTauB] {
        let result = estimator([1, 2], [3, 5])
        #expect(result.statistic.isNaN && result.pValue.isNaN)
        #expect(result.undefinedReason == .tooFewObservations(2))
    }
}

@Test func constantColumnIsUndefinedWithItsReason() {
    #expect(Statistics.pearson([2, 2, 2, 2], [1, 2, 3, 4]).undefinedReason == .constantX)
    #expect(Statistics.spearman([1, 2, 3, 4], [7, 7, 7, 7]).undefinedReason == .constantY)
    #expect(Statistics.kendallTauB([1, 2, 3, 4], [7, 7, 7, 7]).undefinedReason == .constantY)
}

@Test func nonFiniteOrMismatchedInputIsUndefined() {
    #expect(Statistics.pearson([1, .nan, 3], [1, 2, 3]).undefinedReason == .nonFiniteInput)
    #expect(Statistics.kendallTauB([1, 2, 3], [1, .infinity, 3]).undefinedReason == .nonFiniteInput)
    #expect(Statistics.spearman([1, 2, 3], [1, 2]).undefinedReason == .lengthMismatch(x: 3, y: 2))
}

@Test func pearsonIgnoresALargeCommonOffset() {
    // Centring first keeps r exact when the data ride on a huge offset (one-pass formulas lose it).
    let x: [Double] = [1, 2, 3, 4, 5].map { $0 + 1e9 }
    let y: [Double] = [2, 4, 5, 4, 5]
    let plain = Statistics.pearson([1, 2, 3, 4, 5], y).statistic
    #expect(abs(Statistics.pearson(x, y).statistic - plain) < 1e-12)
    #expect(abs(plain - 0.7745966692414834) < 1e-15)  // 6 / sqrt(10 · 6)
}

@Test func underflowingSpreadIsUndefinedNotZero() {
    // Distinct values whose squared deviations underflow to 0.
    #expect(Statistics.pearson([0, 1e-170, 2e-170], [1, 2, 3]).undefinedReason == .varianceUnderflow)
}

@Test func averageRanksShareTies() {
    #expect(Statistics.averageRanks([10, 20, 10, 30, 20, 20]) == [1.5, 4, 1.5, 6, 4, 4])
}

@Test func inversionCountIsStrictAndSorts() {
    var values: [Double] = [3, 1, 2, 2, 0]
    // Pairs (3,1) (3,2) (3,2) (3,0) (1,0) (2,0) (2,0); the tied 2s are not an inversion.
    #expect(Statistics.sortCountingInversions(&values) == 7)
    #expect(values == [0, 1, 2, 2, 3])
}

@Test func kendallExactMatchesEnumerationForSmallN() {
    // n = 4: inversion counts 0...6 occur 1, 3, 5, 6, 5, 3, 1 times among 24 permutations.
    // c = 2 concordant ⇒ lower tail at 2: (1 + 3 + 5) / 24, two-sided 18 / 24.
    #expect(abs(Statistics.kendallExactTwoSidedPValue(n: 4, concordant: 2) - 0.75) < 1e-15)
    #expect(abs(Statistics.kendallExactTwoSidedPValue(n: 4, concordant: 6) - 2.0 / 24) < 1e-15)
    #expect(Statistics.kendallExactTwoSidedPValue(n: 4, concordant: 3) == 1)
}

@Test func incompleteBetaKnownValues() {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_{1/2}(a, a) = 1/2.
    #expect(abs(Statistics.regularizedIncompleteBeta(a: 1, b: 1, x: 0.3) - 0.3) < 1e-15)
    #expect(abs(Statistics.regularizedIncompleteBeta(a: 3, b: 1, x: 0.6) - 0.216) < 1e-15)
    // The log-gamma prefactor costs a few ulps of its ~1e2 magnitude, hence 1e-13 here.
    #expect(abs(Statistics.regularizedIncompleteBeta(a: 40.5, b: 40.5, x: 0.5) - 0.5) < 1e-13)
    #expect(Statistics.regularizedIncompleteBeta(a: -1, b: 1, x: 0.5).isNaN)
}

@Test func compensatedSumKeepsSmallTerms() {
    // Naive left-to-right summation returns 0 here; the exact sum is 2.
    let values: [Double] = [1, 1e100, 1, -1e100]
    #expect(values.compensatedSum() == 2)
}
