import Foundation

/// Settings of a cluster bootstrap.
public struct BootstrapOptions: Sendable, Equatable {
    /// Number of resampled data sets.
    public var replicates: Int
    /// Seeds the generator; the same seed and data give the same intervals.
    public var seed: UInt64
    /// Coverage of the percentile interval, in (0, 1).
    public var confidence: Double
    /// Threads that evaluate replicates (nil: one per active processor). The intervals do not
    /// depend on it: each replicate has its own seed.
    public var threads: Int?

    public init(replicates: Int = 1000, seed: UInt64 = 0, confidence: Double = 0.95, threads: Int? = nil) {
        self.replicates = replicates
        self.seed = seed
        self.confidence = confidence
        self.threads = threads
    }
}

/// A percentile bootstrap interval of one statistic.
public struct BootstrapInterval: Sendable, Equatable {
    /// Bounds (NaN when no replicate was defined).
    public var lower: Double
    public var upper: Double
    /// Replicates whose statistic was undefined (a constant column or fewer than three
    /// tokens drawn); they are excluded from the percentiles.
    public var undefinedReplicates: Int

    public init(lower: Double, upper: Double, undefinedReplicates: Int) {
        self.lower = lower
        self.upper = upper
        self.undefinedReplicates = undefinedReplicates
    }

    // NaN-aware, so undefined intervals compare equal in tests.
    public static func == (a: BootstrapInterval, b: BootstrapInterval) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(a.lower, b.lower) && same(a.upper, b.upper) && a.undefinedReplicates == b.undefinedReplicates
    }
}

/// Percentile bootstrap intervals of Pearson's r, Spearman's ρ and Kendall's τ-b.
public struct CorrelationBootstrap: Sendable, Equatable {
    public var pearson: BootstrapInterval
    public var spearman: BootstrapInterval
    public var kendall: BootstrapInterval
    public var options: BootstrapOptions
    /// Why no replicate could be drawn (no clusters, or unusable input); nil otherwise.
    public var inputProblem: UndefinedCorrelation?
}

extension Statistics {
    /// Cluster (by-prompt) bootstrap of the three correlations: each replicate draws
    /// `clusters.count` clusters uniformly with replacement and pools their pairs, because the
    /// tokens of one prompt are not independent. Intervals are the (1 − confidence)/2 and
    /// (1 + confidence)/2 percentiles (numpy's linear interpolation) of the defined replicates.
    ///
    /// Replicate r draws from ``Xoshiro256StarStar`` seeded with the r-th output of
    /// ``SplitMix64`` seeded with `options.seed`. With a single cluster every replicate equals
    /// the data, so the interval collapses to the point estimate. With no clusters, or a
    /// cluster whose columns differ in length or hold a non-finite value, every bound is NaN,
    /// all replicates count as undefined and `inputProblem` says why.
    ///
    /// Cost: one sort of the pooled pairs, then O(n log n) per replicate (a weighted inversion
    /// count over a Fenwick tree) with no copying or sorting of the resampled data; replicates
    /// are spread over `options.threads` threads.
    public static func clusterBootstrap(_ clusters: [ClusterPairs], options: BootstrapOptions = BootstrapOptions()) -> CorrelationBootstrap {
        let replicates = max(options.replicates, 0)
        func allUndefined(_ reason: UndefinedCorrelation) -> CorrelationBootstrap {
            let none = BootstrapInterval(lower: .nan, upper: .nan, undefinedReplicates: replicates)
            return CorrelationBootstrap(pearson: none, spearman: none, kendall: none, options: options, inputProblem: reason)
        }
        guard !clusters.isEmpty else { return allUndefined(.tooFewObservations(0)) }
        if let problem = PooledClusters.inputProblem(clusters) { return allUndefined(problem) }
        let pooled = PooledClusters(clusters)
        let values = bootstrapReplicates(pooled, replicates: replicates, seed: options.seed, threads: options.threads)
        let lowerPercent = (100 - 100 * options.confidence) / 2
        let upperPercent = 100 - lowerPercent
        func interval(_ statistic: KeyPath<ReplicateCorrelations, Double>) -> BootstrapInterval {
            let defined = values.map { $0[keyPath: statistic] }.filter { !$0.isNaN }.sorted()
            return BootstrapInterval(
                lower: percentile(sorted: defined, percent: lowerPercent),
                upper: percentile(sorted: defined, percent: upperPercent),
                undefinedReplicates: values.count - defined.count)
        }
        return CorrelationBootstrap(
            pearson: interval(\.pearson), spearman: interval(\.spearman), kendall: interval(\.kendall),
            options: options, inputProblem: nil)
    }

    /// The statistics of each replicate, in replicate order, evaluated on `threads` threads
    /// (each with its own evaluator) over contiguous blocks of replicates.
    static func bootstrapReplicates(_ pooled: PooledClusters, replicates: Int, seed: UInt64, threads: Int? = nil) -> [ReplicateCorrelations] {
        var seeds = SplitMix64(seed: seed)
        let replicateSeeds = (0..<replicates).map { _ in seeds.next() }
        let blocks = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, replicates))
        var values = [ReplicateCorrelations](repeating: .undefined, count: replicates)
        values.withUnsafeMutableBufferPointer { values in
            // Blocks write disjoint ranges of `values`.
            nonisolated(unsafe) let output = values
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                var evaluator = ReplicateEvaluator(pooled: pooled)
                var multiplicities = [Int](repeating: 0, count: pooled.clusterCount)
                for replicate in (block * replicates / blocks)..<((block + 1) * replicates / blocks) {
                    var generator = Xoshiro256StarStar(seed: replicateSeeds[replicate])
                    for index in multiplicities.indices { multiplicities[index] = 0 }
                    for _ in 0..<pooled.clusterCount { multiplicities[generator.uniformIndex(below: pooled.clusterCount)] += 1 }
                    output[replicate] = evaluator.correlations(multiplicities: multiplicities)
                }
            }
        }
        return values
    }
}
