import Foundation

/// Entropy and varentropy of every layer × head's attention weights for the rows of a forward step
/// that returned logits (`LogitRows.attention`). Row r, layer l, head h is at `(r·layers + l)·heads + h`.
/// Rows of chunks that did not ask (`SequenceChunk.attentionStatistics`) hold NaN; architectures
/// without attention return no statistics at all.
public struct AttentionStatisticsRows: Sendable, Equatable {
    public var layers: Int
    public var heads: Int
    /// H = −Σ a ln a per (row, layer, head).
    public var entropy: [Float]
    /// Σ a (ln a + H)² per (row, layer, head).
    public var varentropy: [Float]

    public init(layers: Int, heads: Int, entropy: [Float], varentropy: [Float]) {
        self.layers = layers
        self.heads = heads
        self.entropy = entropy
        self.varentropy = varentropy
    }

    public var rowCount: Int { layers * heads == 0 ? 0 : entropy.count / (layers * heads) }

    /// Row `row`'s L × H values, row-major.
    public func entropy(row: Int) -> ArraySlice<Float> { entropy[(row * layers * heads)..<((row + 1) * layers * heads)] }
    public func varentropy(row: Int) -> ArraySlice<Float> { varentropy[(row * layers * heads)..<((row + 1) * layers * heads)] }
}

/// Collects the statistics of one forward step while the attention kernel runs: each (row, layer,
/// head) is written once by the work item that owns it, so parallel items write disjoint memory.
final class AttentionStatisticsRecorder {
    let layers: Int
    /// Output row of each step row, −1 for rows whose statistics nobody asked for.
    let outputRow: [Int]
    let outputRows: Int
    private(set) var heads = 0
    private var entropy: UnsafeMutablePointer<Float>?
    private var varentropy: UnsafeMutablePointer<Float>?

    init(layers: Int, outputRow: [Int], outputRows: Int) {
        self.layers = layers
        self.outputRow = outputRow
        self.outputRows = outputRows
    }

    deinit {
        entropy?.deallocate()
        varentropy?.deallocate()
    }

    /// Where layer `layer`'s kernel writes; the buffers are made (NaN-filled) on the first layer.
    func target(layer: Int, heads: Int) -> AttentionStatisticsTarget {
        let e: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
        if let entropy, let varentropy, self.heads == heads {
            e = entropy
            v = varentropy
        } else {
            entropy?.deallocate()
            varentropy?.deallocate()
            let count = max(1, outputRows * layers * heads)
            e = .allocate(capacity: count)
            v = .allocate(capacity: count)
            e.initialize(repeating: .nan, count: count)
            v.initialize(repeating: .nan, count: count)
            self.heads = heads
            entropy = e
            varentropy = v
        }
        return AttentionStatisticsTarget(outputRow: outputRow, rowStride: layers * heads,
                                         entropy: e + layer * heads, varentropy: v + layer * heads)
    }

    /// The statistics gathered, nil when no layer ran attention (an attention-free architecture).
    func rows() -> AttentionStatisticsRows? {
        guard let entropy, let varentropy, heads > 0 else { return nil }
        let count = outputRows * layers * heads
        return AttentionStatisticsRows(layers: layers, heads: heads,
                                       entropy: Array(UnsafeBufferPointer(start: entropy, count: count)),
                                       varentropy: Array(UnsafeBufferPointer(start: varentropy, count: count)))
    }
}

/// One layer's destination for the kernel: head h of step row r goes to
/// `entropy[outputRow[r]·rowStride + h]` (the pointers already point at the layer).
struct AttentionStatisticsTarget {
    let outputRow: [Int]
    let rowStride: Int
    let entropy: UnsafeMutablePointer<Float>
    let varentropy: UnsafeMutablePointer<Float>

    /// The row's first head of this layer, nil when the row is not recorded.
    func slots(row: Int) -> (entropy: UnsafeMutablePointer<Float>, varentropy: UnsafeMutablePointer<Float>)? {
        let out = outputRow[row]
        guard out >= 0 else { return nil }
        return (entropy + out * rowStride, varentropy + out * rowStride)
    }
}

/// Running sums over the attention weights of one query row, in float64.
struct AttentionMoments {
    private var total = 0.0
    private var weightedLog = 0.0
    private var weightedSquaredLog = 0.0

    /// A weight given with its logarithm (the exponent it came from, when known exactly).
    @inline(__always)
    mutating func add(weight: Double, log: Double) {
        total += weight
        weightedLog += weight * log
        weightedSquaredLog += weight * log * log
    }

    /// A weight whose logarithm must be taken; zero weights add nothing (0 ln 0 = 0).
    @inline(__always)
    mutating func add(weight: Float) {
        guard weight > 0 else { return }
        let w = Double(weight)
        add(weight: w, log: Foundation.log(w))
    }

    /// Weights w with logs x, normalised by their total Z: a = w/Z, ln a = x − ln Z, so
    /// H = ln Z − E[x] and V = Var[x] under a. Unnormalised softmax numerators (x = score − max)
    /// give the softmax's statistics without a logarithm per key.
    var entropyAndVarentropy: (entropy: Float, varentropy: Float) {
        guard total > 0 else { return (.nan, .nan) }
        let mean = weightedLog / total
        let variance = weightedSquaredLog / total - mean * mean
        return (Float(Foundation.log(total) - mean), Float(max(0, variance)))
    }
}
