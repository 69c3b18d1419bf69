import NucleusCore
import Store

/// One prompt-sample's attention statistics, summarised when its unit file is merged so that the
/// N × L × H columns need not be kept: per generated step the mean over layers × heads, and per
/// layer × head the mean over the generated tokens. Non-finite values are left out of every mean.
struct PromptAttention: Sendable, Equatable {
    var layers: Int
    var heads: Int
    /// Per step: mean attention entropy / varentropy over the L × H values (NaN when none is finite).
    var entropyByStep: [Double]
    var varentropyByStep: [Double]
    /// Row-major L × H: mean attention entropy of each head over the prompt's tokens.
    var entropyByLayerHead: [Double]

    /// Mean over heads and tokens in layer `layer` (the mean of that layer's head means: each head
    /// sees every token, so the two agree whenever all values are finite).
    func layerMean(_ layer: Int) -> Double {
        finiteMean(entropyByLayerHead[(layer * heads)..<((layer + 1) * heads)])
    }

    /// Summarises tokens `span` of columns holding `layers × heads` values per token; nil when the
    /// unit has no attention columns.
    init?(tokens: TokenColumns, span: Range<Int>) {
        guard tokens.hasAttention else { return nil }
        layers = tokens.attentionLayers
        heads = tokens.attentionHeads
        let width = layers * heads
        let entropy = tokens.float32(.attentionEntropy)
        let varentropy = tokens.float32(.attentionVarentropy)
        entropyByStep = span.map { finiteMean(entropy[($0 * width)..<(($0 + 1) * width)]) }
        varentropyByStep = span.map { finiteMean(varentropy[($0 * width)..<(($0 + 1) * width)]) }
        var sums = [Double](repeating: 0, count: width)
        var counts = [Int](repeating: 0, count: width)
        for token in span {
            for cell in 0..<width {
                let value = Double(entropy[token * width + cell])
                if value.isFinite {
                    sums[cell] += value
                    counts[cell] += 1
                }
            }
        }
        entropyByLayerHead = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
    }
}

private func finiteMean<C: Collection>(_ values: C) -> Double where C.Element: BinaryFloatingPoint {
    var sum = 0.0, count = 0
    for value in values where value.isFinite {
        sum += Double(value)
        count += 1
    }
    return count > 0 ? sum / Double(count) : .nan
}
