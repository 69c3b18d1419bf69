/// A mean over prompt-samples with its 95% band (mean ± t(0.975, n−1)·sd/√n); the band is NaN
/// with fewer than 2 values, everything NaN with none.
public struct MeanBand: Sendable, Equatable {
    public var mean: Double
    public var low: Double
    public var high: Double

    init(_ values: [Double]) {
        let band = Statistics.meanWithBand(values)
        mean = band.mean
        low = band.low
        high = band.high
    }

    public static func == (l: MeanBand, r: MeanBand) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return same(l.mean, r.mean) && same(l.low, r.low) && same(l.high, r.high)
    }
}

/// Which prompts of one model a grouping compares, and under which group name.
public struct AttentionGroupKey: Sendable, Hashable {
    public var model: String
    /// `label`, `gsm8k` or `simpleqa`.
    public var grouping: String
    public var group: String
}

/// One line of `attention_by_step.csv`: the prompt-samples of a group that generated a token at
/// `step` (0-based), and the means over them of the attention statistics (each prompt-sample's
/// value is its mean over layers × heads at that step) and of the output distribution's.
public struct AttentionStepRow: Sendable, Equatable {
    public var key: AttentionGroupKey
    public var step: Int
    public var prompts: Int
    public var attentionEntropy: MeanBand
    public var attentionVarentropy: MeanBand
    public var entropy: MeanBand
    public var varentropy: MeanBand
}

/// The layer × head map of one group: per head, the mean over the group's prompt-samples of
/// each one's mean attention entropy over its generated tokens (every prompt-sample weighs the same).
public struct AttentionLayerHeadMap: Sendable, Equatable {
    public var key: AttentionGroupKey
    public var prompts: Int
    public var layers: Int
    public var heads: Int
    /// Row-major layers × heads.
    public var means: [Double]

    public static func == (l: AttentionLayerHeadMap, r: AttentionLayerHeadMap) -> Bool {
        l.key == r.key && l.prompts == r.prompts && l.layers == r.layers && l.heads == r.heads
            && zip(l.means, r.means).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
}

/// One line of `attention_layer_tests.csv`: in one layer, the prompt-samples' mean attention
/// entropy (over heads and generated tokens) of group a against group b, Mann–Whitney U of a.
public struct AttentionLayerTest: Sendable, Equatable {
    public var model: String
    public var grouping: String
    public var layer: Int
    public var groupA: String
    public var groupB: String
    public var countA: Int
    public var countB: Int
    public var meanA: Double
    public var meanB: Double
    /// meanA − meanB.
    public var difference: Double
    public var u: Double
    public var p: Double
}

/// Attention statistics by group, for every model and grouping the prompts allow.
public struct AttentionGroupsStudy: Sendable, Equatable {
    public var steps: [AttentionStepRow] = []
    public var maps: [AttentionLayerHeadMap] = []
    public var layerTests: [AttentionLayerTest] = []

    public var isEmpty: Bool { maps.isEmpty }
}
