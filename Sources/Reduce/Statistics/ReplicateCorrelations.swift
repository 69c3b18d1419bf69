/// Pearson's r, Spearman's ρ and Kendall's τ-b of one bootstrap replicate (NaN when undefined).
struct ReplicateCorrelations: Sendable, Equatable {
    var pearson: Double
    var spearman: Double
    var kendall: Double

    static let undefined = ReplicateCorrelations(pearson: .nan, spearman: .nan, kendall: .nan)

    // NaN-aware, so undefined replicates compare equal in tests.
    static func == (a: ReplicateCorrelations, b: ReplicateCorrelations) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(a.pearson, b.pearson) && same(a.spearman, b.spearman) && same(a.kendall, b.kendall)
    }
}

/// Evaluates the three correlations of the pooled sample that repeats each cluster's tokens
/// as often as the replicate drew it, without building that sample. Holds the scratch buffers
/// a replicate needs, so one evaluator serves every replicate of a bootstrap.
struct ReplicateEvaluator {
    let pooled: PooledClusters
    private var xGroupWeight: [Int]
    private var yGroupWeight: [Int]
    private var jointGroupWeight: [Int]
    private var xGroupRank: [Double]
    private var yGroupRank: [Double]
    /// Fenwick tree over y groups (1-based): weights of the tokens swept so far.
    private var seenByYGroup: [Int]

    init(pooled: PooledClusters) {
        self.pooled = pooled
        xGroupWeight = Array(repeating: 0, count: pooled.xGroupCount)
        yGroupWeight = Array(repeating: 0, count: pooled.yGroupCount)
        jointGroupWeight = Array(repeating: 0, count: pooled.jointGroupCount)
        xGroupRank = Array(repeating: 0, count: pooled.xGroupCount)
        yGroupRank = Array(repeating: 0, count: pooled.yGroupCount)
        seenByYGroup = Array(repeating: 0, count: pooled.yGroupCount + 1)
    }

    /// The correlations of the sample holding cluster c `multiplicities[c]` times. Undefined
    /// (NaN) when that sample has fewer than three tokens or a constant column, as for
    /// ``Statistics/pearson(_:_:)`` and its siblings.
    mutating func correlations(multiplicities: [Int]) -> ReplicateCorrelations {
        let sweep = sweepGroupWeights(multiplicities)
        guard sweep.tokens >= 3, sweep.distinctX > 1, sweep.distinctY > 1 else { return .undefined }
        return ReplicateCorrelations(
            pearson: pearson(multiplicities),
            spearman: spearman(multiplicities, tokens: sweep.tokens),
            kendall: kendall(tokens: sweep.tokens, discordant: sweep.discordant))
    }

    /// One pass in (x, y) order: the weight of every tie group, and the discordant pairs —
    /// pairs ordered by x whose y falls strictly — counted as weighted inversions of the y groups.
    private mutating func sweepGroupWeights(_ multiplicities: [Int]) -> (tokens: Int, distinctX: Int, distinctY: Int, discordant: Int) {
        for index in xGroupWeight.indices { xGroupWeight[index] = 0 }
        for index in yGroupWeight.indices { yGroupWeight[index] = 0 }
        for index in jointGroupWeight.indices { jointGroupWeight[index] = 0 }
        for index in seenByYGroup.indices { seenByYGroup[index] = 0 }
        var tokens = 0, discordant = 0
        let treeSize = pooled.yGroupCount
        pooled.sweep.withUnsafeBufferPointer { sweep in
        multiplicities.withUnsafeBufferPointer { multiplicity in
        xGroupWeight.withUnsafeMutableBufferPointer { xWeight in
        yGroupWeight.withUnsafeMutableBufferPointer { yWeight in
        jointGroupWeight.withUnsafeMutableBufferPointer { jointWeight in
        seenByYGroup.withUnsafeMutableBufferPointer { tree in
            for token in sweep {
                let weight = multiplicity[Int(token.cluster)]
                if weight == 0 { continue }
                let yIndex = Int(token.yGroup)
                xWeight[Int(token.xGroup)] += weight
                yWeight[yIndex] += weight
                jointWeight[Int(token.jointGroup)] += weight
                // Swept weight with y group ≤ this one; the rest lies strictly above: discordant.
                var atOrBelow = 0
                var node = yIndex + 1
                while node > 0 {
                    atOrBelow += tree[node]
                    node &= node - 1
                }
                discordant += weight * (tokens - atOrBelow)
                node = yIndex + 1
                while node <= treeSize {
                    tree[node] += weight
                    node += node & -node
                }
                tokens += weight
            }
        }}}}}}
        let distinctX = xGroupWeight.lazy.filter { $0 > 0 }.prefix(2).count
        let distinctY = yGroupWeight.lazy.filter { $0 > 0 }.prefix(2).count
        return (tokens, distinctX, distinctY, discordant)
    }

    /// r from the clusters' centred moments: O(clusters).
    private func pearson(_ multiplicities: [Int]) -> Double {
        var total = PooledClusters.CentredMoments()
        for (moments, weight) in zip(pooled.moments, multiplicities) where weight > 0 {
            let m = Double(weight)
            total.count += m * moments.count
            total.sumX += m * moments.sumX
            total.sumY += m * moments.sumY
            total.sumXX += m * moments.sumXX
            total.sumXY += m * moments.sumXY
            total.sumYY += m * moments.sumYY
        }
        let sxx = total.sumXX - total.sumX * total.sumX / total.count
        let syy = total.sumYY - total.sumY * total.sumY / total.count
        let sxy = total.sumXY - total.sumX * total.sumY / total.count
        guard sxx > 0, syy > 0 else { return .nan }
        return min(max(sxy / (sxx.squareRoot() * syy.squareRoot()), -1), 1)
    }

    /// ρ: Pearson's r of the average ranks. A group of equal values with weight W after C
    /// smaller tokens has rank C + (W + 1) / 2; average ranks have mean (n + 1) / 2.
    private mutating func spearman(_ multiplicities: [Int], tokens: Int) -> Double {
        let meanRank = Double(tokens + 1) / 2
        let sxx = Self.assignRanks(weights: xGroupWeight, ranks: &xGroupRank, meanRank: meanRank)
        let syy = Self.assignRanks(weights: yGroupWeight, ranks: &yGroupRank, meanRank: meanRank)
        var sxy = 0.0
        pooled.sweep.withUnsafeBufferPointer { sweep in
        multiplicities.withUnsafeBufferPointer { multiplicity in
        xGroupRank.withUnsafeBufferPointer { xRank in
        yGroupRank.withUnsafeBufferPointer { yRank in
            for token in sweep {
                let weight = multiplicity[Int(token.cluster)]
                if weight == 0 { continue }
                sxy += Double(weight) * (xRank[Int(token.xGroup)] - meanRank) * (yRank[Int(token.yGroup)] - meanRank)
            }
        }}}}
        guard sxx > 0, syy > 0 else { return .nan }
        return min(max(sxy / (sxx.squareRoot() * syy.squareRoot()), -1), 1)
    }

    /// Fills each drawn group's average rank; returns Σ W (rank − mean)² over the groups.
    private static func assignRanks(weights: [Int], ranks: inout [Double], meanRank: Double) -> Double {
        var before = 0
        var sumOfSquares = 0.0
        weights.withUnsafeBufferPointer { weights in
        ranks.withUnsafeMutableBufferPointer { ranks in
            for group in 0..<weights.count {
                let weight = weights[group]
                if weight == 0 { continue }
                let rank = Double(2 * before + weight + 1) * 0.5
                let deviation = rank - meanRank
                ranks[group] = rank
                sumOfSquares += Double(weight) * deviation * deviation
                before += weight
            }
        }}
        return sumOfSquares
    }

    /// τ-b = (C − D) / √((N₀ − n₁)(N₀ − n₂)) with C − D = N₀ − n₁ − n₂ + n₃ − 2D (Knight 1966).
    private func kendall(tokens: Int, discordant: Int) -> Double {
        func tiedPairs(_ weights: [Int]) -> Int { weights.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }
        let totalPairs = tokens * (tokens - 1) / 2
        let xTies = tiedPairs(xGroupWeight), yTies = tiedPairs(yGroupWeight), jointTies = tiedPairs(jointGroupWeight)
        let concordantMinusDiscordant = totalPairs - xTies - yTies + jointTies - 2 * discordant
        let tau = Double(concordantMinusDiscordant)
            / Double(totalPairs - xTies).squareRoot()
            / Double(totalPairs - yTies).squareRoot()
        return min(max(tau, -1), 1)
    }
}
