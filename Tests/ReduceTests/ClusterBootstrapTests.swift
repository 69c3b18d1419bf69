import Foundation
import Testing
@testable import Reduce

private struct BootstrapFixture: Decodable {
    struct Prompt: Decodable { var x: [Double]; var y: [Double] }
    struct Interval: Decodable { var lower: Double?; var upper: Double?; var undefined: Int }
    struct Case: Decodable {
        var name: String
        var seed: String
        var replicates: Int
        var confidence: Double
        var prompts: [Prompt]
        /// Per replicate: scipy's pearsonr, spearmanr, kendalltau of the pooled resample (null: undefined).
        var replicate_values: [[Double?]]
        var intervals: [String: Interval]
    }
    var cases: [Case]
}

private func same(_ actual: Double, _ expected: Double?, tolerance: Double = 1e-12) -> Bool {
    guard let expected else { return actual.isNaN }
    return abs(actual - expected) <= tolerance
}

@Test func replicatesMatchScipyOnThePooledResamples() throws {
    let fixture = try loadStatisticsFixture("bootstrap.json", as: BootstrapFixture.self)
    #expect(fixture.cases.map(\.name) == ["continuous_12_prompts", "ties_15_prompts", "some_undefined"])
    for case_ in fixture.cases {
        let clusters = case_.prompts.map { ClusterPairs(x: $0.x, y: $0.y) }
        let replicates = Statistics.bootstrapReplicates(
            PooledClusters(clusters), replicates: case_.replicates, seed: try #require(UInt64(case_.seed)))
        #expect(replicates.count == case_.replicate_values.count)
        for (index, (actual, expected)) in zip(replicates, case_.replicate_values).enumerated() {
            #expect(same(actual.pearson, expected[0]), "\(case_.name) #\(index) pearson \(actual.pearson) vs \(String(describing: expected[0]))")
            #expect(same(actual.spearman, expected[1]), "\(case_.name) #\(index) spearman \(actual.spearman) vs \(String(describing: expected[1]))")
            #expect(same(actual.kendall, expected[2]), "\(case_.name) #\(index) kendall \(actual.kendall) vs \(String(describing: expected[2]))")
        }
    }
}

@Test func intervalsMatchNumpyPercentilesOfTheReplicates() throws {
    let fixture = try loadStatisticsFixture("bootstrap.json", as: BootstrapFixture.self)
    for case_ in fixture.cases {
        let options = BootstrapOptions(replicates: case_.replicates, seed: try #require(UInt64(case_.seed)), confidence: case_.confidence)
        let result = Statistics.clusterBootstrap(case_.prompts.map { ClusterPairs(x: $0.x, y: $0.y) }, options: options)
        #expect(result.inputProblem == nil)
        let pairs = [("pearson", result.pearson), ("spearman", result.spearman), ("kendall", result.kendall)]
        for (name, actual) in pairs {
            let expected = try #require(case_.intervals[name])
            #expect(same(actual.lower, expected.lower), "\(case_.name) \(name) lower \(actual.lower) vs \(String(describing: expected.lower))")
            #expect(same(actual.upper, expected.upper), "\(case_.name) \(name) upper \(actual.upper) vs \(String(describing: expected.upper))")
            #expect(actual.undefinedReplicates == expected.undefined, "\(case_.name) \(name) undefined")
        }
    }
    // The fixture's third case has replicates that drew only the constant-entropy prompts.
    #expect(fixture.cases.last?.intervals["pearson"]?.undefined ?? 0 > 0)
}

/// Prompts whose cosine rises then falls with entropy, with a per-prompt offset; values rounded
/// to 3 decimals so ties occur, as they do in stored Float data.
private func syntheticPrompts(count: Int, tokensPerPrompt: ClosedRange<Int>, seed: UInt64) -> [ClusterPairs] {
    var generator = Xoshiro256StarStar(seed: seed)
    func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
    func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
    return (0..<count).map { _ in
        let tokens = tokensPerPrompt.lowerBound + generator.uniformIndex(below: tokensPerPrompt.count)
        let offset = 0.1 * (uniform() - 0.5)
        var entropy: [Double] = [], cosine: [Double] = []
        for _ in 0..<tokens {
            let h = 6 * uniform() * uniform()
            entropy.append(rounded(h))
            cosine.append(rounded(0.9 * h * exp(-0.5 * h) + 0.2 + offset + 0.2 * (uniform() - 0.5)))
        }
        return ClusterPairs(x: entropy, y: cosine)
    }
}

@Test func weightedReplicateEqualsTheEstimatorsOnPooledCopies() {
    let clusters = syntheticPrompts(count: 9, tokensPerPrompt: 5...40, seed: 3)
    let multiplicities = [0, 2, 1, 0, 3, 1, 0, 1, 1]
    var x: [Double] = [], y: [Double] = []
    for (cluster, times) in zip(clusters, multiplicities) {
        for _ in 0..<times { x += cluster.x; y += cluster.y }
    }
    var evaluator = ReplicateEvaluator(pooled: PooledClusters(clusters))
    let replicate = evaluator.correlations(multiplicities: multiplicities)
    #expect(abs(replicate.pearson - Statistics.pearson(x, y).statistic) < 1e-13)
    #expect(abs(replicate.spearman - Statistics.spearman(x, y).statistic) < 1e-13)
    // Same integer pair counts as Knight's method on the copies: equal up to the final division.
    #expect(abs(replicate.kendall - Statistics.kendallTauB(x, y).statistic) < 1e-15)
    // The evaluator reuses its buffers: a second, different replicate must not see the first.
    let again = evaluator.correlations(multiplicities: [1, 1, 1, 1, 1, 1, 1, 1, 1])
    let all = clusters.reduce(into: ([Double](), [Double]())) { $0.0 += $1.x; $0.1 += $1.y }
    #expect(abs(again.kendall - Statistics.kendallTauB(all.0, all.1).statistic) < 1e-15)
}

@Test func sameSeedSameIntervalsAndTheyHoldThePointEstimate() {
    let clusters = syntheticPrompts(count: 40, tokensPerPrompt: 20...120, seed: 11)
    let options = BootstrapOptions(replicates: 300, seed: 5)
    let first = Statistics.clusterBootstrap(clusters, options: options)
    #expect(first == Statistics.clusterBootstrap(clusters, options: options))
    var threeThreads = options
    threeThreads.threads = 3
    var oneThread = options
    oneThread.threads = 1
    let (split, single) = (Statistics.clusterBootstrap(clusters, options: threeThreads), Statistics.clusterBootstrap(clusters, options: oneThread))
    #expect(split.pearson == single.pearson && split.spearman == single.spearman && split.kendall == single.kendall)
    var otherSeed = options
    otherSeed.seed = 6
    #expect(first != Statistics.clusterBootstrap(clusters, options: otherSeed))

    let x = clusters.flatMap(\.x), y = clusters.flatMap(\.y)
    let points = [
        ("pearson", first.pearson, Statistics.pearson(x, y).statistic),
        ("spearman", first.spearman, Statistics.spearman(x, y).statistic),
        ("kendall", first.kendall, Statistics.kendallTauB(x, y).statistic),
    ]
    for (name, interval, point) in points {
        #expect(interval.lower < point && point < interval.upper, "\(name): \(point) outside [\(interval.lower), \(interval.upper)]")
        #expect(interval.undefinedReplicates == 0)
    }
}

@Test func onePromptCollapsesToThePointEstimate() {
    let prompt = syntheticPrompts(count: 1, tokensPerPrompt: 30...30, seed: 2)
    let result = Statistics.clusterBootstrap(prompt, options: BootstrapOptions(replicates: 50, seed: 1))
    let point = Statistics.kendallTauB(prompt[0].x, prompt[0].y).statistic
    #expect(abs(result.kendall.lower - point) < 1e-15 && abs(result.kendall.upper - point) < 1e-15)
    #expect(abs(result.pearson.lower - Statistics.pearson(prompt[0].x, prompt[0].y).statistic) < 1e-12)
    #expect(result.pearson.lower == result.pearson.upper)
    #expect(result.spearman.undefinedReplicates == 0)
}

@Test func unusableInputGivesNaNWithTheReason() {
    let empty = Statistics.clusterBootstrap([], options: BootstrapOptions(replicates: 10))
    #expect(empty.inputProblem == .tooFewObservations(0))
    #expect(empty.pearson == BootstrapInterval(lower: .nan, upper: .nan, undefinedReplicates: 10))
    let mismatched = Statistics.clusterBootstrap([ClusterPairs(x: [1, 2, 3], y: [1, 2])])
    #expect(mismatched.inputProblem == .lengthMismatch(x: 3, y: 2))
    let nonFinite = Statistics.clusterBootstrap([ClusterPairs(x: [1, .nan, 3], y: [1, 2, 3])])
    #expect(nonFinite.inputProblem == .nonFiniteInput)
    // Two tokens in all: every replicate has fewer than three, so all are undefined.
    let tiny = Statistics.clusterBootstrap([ClusterPairs(x: [1], y: [2]), ClusterPairs(x: [2], y: [1])],
                                           options: BootstrapOptions(replicates: 20))
    #expect(tiny.inputProblem == nil)
    #expect(tiny.kendall.undefinedReplicates == 20 && tiny.kendall.lower.isNaN)
}
