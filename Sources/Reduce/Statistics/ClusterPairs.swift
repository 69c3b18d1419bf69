/// The paired observations of one cluster, resampled as a whole by the cluster bootstrap:
/// in Reduce one prompt's generated tokens, x = entropy and y = nucleus cosine.
public struct ClusterPairs: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]

    public init(x: [Double], y: [Double]) {
        self.x = x
        self.y = y
    }
}

/// The tokens of all clusters, sorted and grouped once so that each bootstrap replicate — a
/// multiplicity per cluster — costs one sweep and no sorting.
///
/// A replicate that draws cluster p m_p times is the pooled sample in which each token of p
/// appears m_p times. Ranks, tie counts and discordant pairs of that sample follow from the
/// multiplicities alone once the tokens are ordered by (x, y) and their tie groups are known:
/// copies of one token are tied in x, in y and jointly, exactly as the pooled copies would be.
struct PooledClusters: Sendable {
    let clusterCount: Int
    /// The tokens in (x, y)-ascending order ("sweep order").
    let sweep: [SweepToken]
    let xGroupCount: Int
    let yGroupCount: Int
    let jointGroupCount: Int
    /// Per cluster, moments of its tokens centred on the pooled means (for Pearson's r).
    let moments: [CentredMoments]

    /// A token's cluster and the indices of its groups of equal x, equal y and equal (x, y),
    /// each group index ascending with the value.
    struct SweepToken: Sendable {
        var cluster: Int32
        var xGroup: Int32
        var yGroup: Int32
        var jointGroup: Int32
    }

    struct CentredMoments: Sendable {
        var count = 0.0, sumX = 0.0, sumY = 0.0, sumXX = 0.0, sumXY = 0.0, sumYY = 0.0
    }

    /// Why `clusters` cannot be pooled: a cluster's columns differ in length or hold a
    /// non-finite value. Nil when they can.
    static func inputProblem(_ clusters: [ClusterPairs]) -> UndefinedCorrelation? {
        for pairs in clusters {
            guard pairs.x.count == pairs.y.count else { return .lengthMismatch(x: pairs.x.count, y: pairs.y.count) }
            guard pairs.x.allSatisfy(\.isFinite), pairs.y.allSatisfy(\.isFinite) else { return .nonFiniteInput }
        }
        return nil
    }

    /// Pools clusters that passed ``inputProblem(_:)``.
    init(_ clusters: [ClusterPairs]) {
        var x: [Double] = [], y: [Double] = [], cluster: [Int32] = []
        for (index, pairs) in clusters.enumerated() {
            x += pairs.x
            y += pairs.y
            cluster += repeatElement(Int32(index), count: min(pairs.x.count, pairs.y.count))
        }
        self.init(x: x, y: y, cluster: cluster, clusterCount: clusters.count)
    }

    private init(x: [Double], y: [Double], cluster: [Int32], clusterCount: Int) {
        self.clusterCount = clusterCount
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
        let byY = x.indices.sorted { y[$0] < y[$1] }
        var yGroupOfToken = [Int32](repeating: 0, count: x.count)
        var yGroups = 0
        for (k, token) in byY.enumerated() {
            if k > 0, y[token] != y[byY[k - 1]] { yGroups += 1 }
            yGroupOfToken[token] = Int32(yGroups)
        }

        var sweep: [SweepToken] = []
        sweep.reserveCapacity(order.count)
        var xGroups = 0, jointGroups = 0
        for (k, token) in order.enumerated() {
            if k > 0 {
                let previous = order[k - 1]
                if x[token] != x[previous] {
                    xGroups += 1
                    jointGroups += 1
                } else if y[token] != y[previous] {
                    jointGroups += 1
                }
            }
            sweep.append(SweepToken(
                cluster: cluster[token], xGroup: Int32(xGroups), yGroup: yGroupOfToken[token], jointGroup: Int32(jointGroups)))
        }
        self.sweep = sweep
        xGroupCount = x.isEmpty ? 0 : xGroups + 1
        yGroupCount = x.isEmpty ? 0 : yGroups + 1
        jointGroupCount = x.isEmpty ? 0 : jointGroups + 1

        let meanX = x.compensatedMean(), meanY = y.compensatedMean()
        var moments = [CentredMoments](repeating: CentredMoments(), count: clusterCount)
        for token in x.indices {
            let dx = x[token] - meanX, dy = y[token] - meanY
            let c = Int(cluster[token])
            moments[c].count += 1
            moments[c].sumX += dx
            moments[c].sumY += dy
            moments[c].sumXX += dx * dx
            moments[c].sumXY += dx * dy
            moments[c].sumYY += dy * dy
        }
        self.moments = moments
    }
}
