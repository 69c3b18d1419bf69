import Foundation
import Kernels

/// Mamba weights. Shapes are row-major, outermost first; E = inner width (d_inner), N = state
/// size (d_state), K = convolution width (d_conv), R = time-step rank (dt_rank).
public struct MambaWeights: Sendable {
    /// (vocab, hidden)
    public var embedding: EmbeddingTable
    public var layers: [Layer]
    /// norm_f: (hidden)
    public var finalNorm: NormWeights
    /// lm_head: (vocab, hidden), nil when tied to `embedding`.
    public var output: WeightMatrix?

    public struct Layer: Sendable {
        /// norm: (hidden), RMSNorm
        public var norm: NormWeights
        /// in_proj: (2E, hidden), rows [x | z]
        public var inputProjection: DenseLayer
        /// conv1d.weight (E, 1, K) as (E, K): tap k multiplies the input k − (K − 1) positions back
        public var convolution: [Float]
        /// conv1d.bias: (E), nil without `use_conv_bias`
        public var convolutionBias: [Float]?
        /// x_proj: (R + 2N, E), rows [dt | B | C]
        public var stateProjection: DenseLayer
        /// dt_proj: (E, R) with bias (E)
        public var timeStepProjection: DenseLayer
        /// A = −exp(A_log): (E, N)
        public var stateDecay: [Float]
        /// D: (E), the skip connection
        public var skip: [Float]
        /// out_proj: (hidden, E)
        public var outputProjection: DenseLayer

        /// Stored parameters (A counted as the A_log it came from).
        var parameterCount: Int {
            norm.parameterCount + inputProjection.parameterCount + convolution.count + (convolutionBias?.count ?? 0)
                + stateProjection.parameterCount + timeStepProjection.parameterCount + stateDecay.count + skip.count
                + outputProjection.parameterCount
        }
    }

    /// Stored parameters, a tied head counted once.
    public var parameterCount: Int {
        embedding.count + layers.reduce(0) { $0 + $1.parameterCount } + finalNorm.parameterCount + (output?.count ?? 0)
    }
}

/// Mamba (Gu & Dao, 2023) as transformers' `MambaForCausalLM` computes it without the CUDA
/// kernels: per layer x + out_proj(scan(silu(conv(in_proj(rms(x))_x))) · silu(in_proj(rms(x))_z)).
///
/// Each sequence's state lives in its cache slot (`RecurrentStates`): per layer the last K − 1
/// convolution inputs and the E × N SSM state. Every token, prompt or generated, goes through the
/// same recurrence in position order, so a chunk's results do not depend on how a sequence was
/// split into forward calls, nor on the other sequences of the batch (the projections are the
/// row-independent packed GEMM).
public final class MambaModel: CausalLanguageModel {
    public let configuration: MambaConfiguration
    public let config: TransformerConfig
    public let weights: MambaWeights
    public let threads: Int
    let head: DenseLayer
    let scratch = MambaScratch()

    public var inputEmbeddings: EmbeddingTable { weights.embedding }
    public var parameterCount: Int { weights.parameterCount }

    public init(architecture: String, configuration: MambaConfiguration, weights: MambaWeights, threads: Int) {
        self.configuration = configuration
        config = configuration.transformerConfig(architecture: architecture)
        self.weights = weights
        self.threads = max(1, threads)
        head = DenseLayer(weight: weights.output ?? weights.embedding.matrix, bias: nil,
                          outputs: configuration.vocabularySize, inputs: configuration.hidden, compact: true)
    }

    public func makeCache(slots: Int) -> KVCache {
        KVCache(layers: config.layers, kvHeads: 0, headSize: 0, slotCount: slots,
                recurrent: RecurrentStateLayout(layers: configuration.layers, floatsPerLayer: configuration.stateFloatsPerLayer))
    }

    public func forward(_ chunks: [SequenceChunk], cache: KVCache) throws -> LogitRows {
        let c = configuration, s = scratch
        let layout = RecurrentStateLayout(layers: c.layers, floatsPerLayer: c.stateFloatsPerLayer)
        guard let states = cache.recurrent, states.layout == layout else {
            throw ModelError(file: config.architecture, "the cache holds no Mamba state of this model's shape (make it with the model's makeCache)")
        }
        let step = try ForwardStep(chunks, cache: cache, vocabularySize: c.vocabularySize, model: config.architecture)
        let n = step.tokenCount, e = c.inner, projected = c.timeStepRank + 2 * c.stateSize
        s.reserve(tokens: n, hidden: c.hidden, inner: e, projected: projected, rank: c.timeStepRank)
        step.gatherEmbeddings(weights.embedding, width: c.hidden, into: &s.x)

        for (index, layer) in weights.layers.enumerated() {
            layer.norm.rmsNorm(s.x, rows: n, eps: c.normEpsilon, into: &s.normed)
            layer.inputProjection.apply(s.normed, rows: n, into: &s.xz, threads: threads)
            convolve(layer, layer: index, step: step, states: states, xz: s.xz, u: &s.u)
            layer.stateProjection.apply(s.u, rows: n, into: &s.dbc, threads: threads)
            for row in 0..<n {
                for r in 0..<c.timeStepRank { s.rank[row * c.timeStepRank + r] = s.dbc[row * projected + r] }
            }
            layer.timeStepProjection.apply(s.rank, rows: n, into: &s.dt, threads: threads)
            for i in 0..<(n * e) { s.dt[i] = Self.softplus(s.dt[i]) }
            scan(layer, layer: index, step: step, states: states, xz: s.xz, u: s.u, dbc: s.dbc, dt: s.dt, y: &s.y)
            layer.outputProjection.apply(s.y, rows: n, into: &s.mixed, threads: threads)
            Elementwise.add(&s.x, s.mixed, count: n * c.hidden)
        }
        step.commit(to: cache)

        return step.logits(s.x, normalise: { weights.finalNorm.rmsNorm($0, rows: $1, eps: c.normEpsilon, into: $2) },
                           head: head, threads: threads)
    }

    /// torch's `F.softplus` (β = 1, threshold 20): the input itself above the threshold.
    @inline(__always) static func softplus(_ x: Float) -> Float { x > 20 ? x : log1pf(expf(x)) }

    /// Channels per work item of the convolution and the scan: channels are independent, so
    /// blocks of them run on separate threads without changing any result.
    static let channelBlock = 64

    /// Runs `body` over blocks of the inner channels on the model's threads.
    private func forEachChannelBlock(_ body: (Range<Int>) -> Void) {
        let e = configuration.inner, block = Self.channelBlock
        Parallel.forEach((e + block - 1) / block, threads: threads) { index in
            body((index * block)..<min(e, (index + 1) * block))
        }
    }

    /// u = act(conv1d(x-half of in_proj)) per sequence in position order, through each slot's
    /// window of the last K − 1 inputs (zeros at a sequence's start: the causal padding).
    private func convolve(_ layer: MambaWeights.Layer, layer index: Int, step: ForwardStep, states: RecurrentStates,
                          xz: UnsafePointer<Float>, u: UnsafeMutablePointer<Float>) {
        let c = configuration, e = c.inner, k = c.convolutionWidth, held = k - 1, activation = c.activation
        let windows = step.items.map { states.state(slot: $0.slot, layer: index) }  // (E, K − 1), oldest input first
        layer.convolution.withUnsafeBufferPointer { taps in
            forEachChannelBlock { channels in
                for (item, window) in zip(step.items, windows) {
                    for row in item.firstRow..<(item.firstRow + item.count) {
                        let input = xz + row * 2 * e, output = u + row * e
                        for channel in channels {
                            let w = taps.baseAddress! + channel * k, past = window + channel * held
                            var sum = layer.convolutionBias?[channel] ?? 0
                            for tap in 0..<held { sum += w[tap] * past[tap] }
                            sum += w[held] * input[channel]
                            output[channel] = activation(sum)
                            if held > 0 {
                                for tap in 0..<(held - 1) { past[tap] = past[tap + 1] }
                                past[held - 1] = input[channel]
                            }
                        }
                    }
                }
            }
        }
    }

    /// The selective scan, per sequence in position order: h = exp(Δ·A)·h + (Δ·B)·u,
    /// y = (h·C + D·u) · silu(z), with Δ = softplus(dt_proj(dt)) in `dt`.
    private func scan(_ layer: MambaWeights.Layer, layer index: Int, step: ForwardStep, states: RecurrentStates,
                      xz: UnsafePointer<Float>, u: UnsafePointer<Float>, dbc: UnsafePointer<Float>, dt: UnsafePointer<Float>,
                      y: UnsafeMutablePointer<Float>) {
        let c = configuration, e = c.inner, n = c.stateSize, projected = c.timeStepRank + 2 * n
        let ssmStates = step.items.map { states.state(slot: $0.slot, layer: index) + e * (c.convolutionWidth - 1) }  // (E, N)
        layer.stateDecay.withUnsafeBufferPointer { decay in
            layer.skip.withUnsafeBufferPointer { skip in
                forEachChannelBlock { channels in
                    for (item, h) in zip(step.items, ssmStates) {
                        for row in item.firstRow..<(item.firstRow + item.count) {
                            let b = dbc + row * projected + c.timeStepRank, cs = b + n
                            for channel in channels {
                                let delta = dt[row * e + channel], input = u[row * e + channel]
                                let state = h + channel * n, a = decay.baseAddress! + channel * n
                                var sums = SIMD8<Float>()
                                for first in stride(from: 0, to: n, by: 8) {
                                    let lanes = min(8, n - first)
                                    var decayed = Self.load(a + first, lanes), hidden = Self.load(state + first, lanes)
                                    // transformers: exp(A·Δ)·h + (Δ·B)·u, then h·C.
                                    decayed = FloatExponential.exp(decayed * delta)
                                    hidden = decayed * hidden + (delta * Self.load(b + first, lanes)) * input
                                    Self.store(hidden, to: state + first, lanes)
                                    sums += hidden * Self.load(cs + first, lanes)
                                }
                                var output = sums.sum()
                                output += input * skip[channel]
                                y[row * e + channel] = output * Elementwise.silu(xz[row * 2 * e + e + channel])
                            }
                        }
                    }
                }
            }
        }
    }
}

extension MambaModel {
    /// The first `lanes` (1…8) floats at `pointer`, zeros after them: a state size that is not a
    /// multiple of 8 ends in a zero-padded group, whose padding lanes add nothing.
    @inline(__always) static func load(_ pointer: UnsafePointer<Float>, _ lanes: Int) -> SIMD8<Float> {
        if lanes == 8 { return UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self) }
        var vector = SIMD8<Float>()
        for lane in 0..<lanes { vector[lane] = pointer[lane] }
        return vector
    }

    @inline(__always) static func store(_ vector: SIMD8<Float>, to pointer: UnsafeMutablePointer<Float>, _ lanes: Int) {
        if lanes == 8 {
            UnsafeMutableRawPointer(pointer).storeBytes(of: vector, as: SIMD8<Float>.self)
        } else {
            for lane in 0..<lanes { pointer[lane] = vector[lane] }
        }
    }
}

/// Scratch buffers of a Mamba forward step, grown to the step's token count and reused.
final class MambaScratch {
    var x: [Float] = []       // (tokens, hidden) residual stream
    var normed: [Float] = []  // (tokens, hidden)
    var xz: [Float] = []      // (tokens, 2E) in_proj output [x | z]
    var u: [Float] = []       // (tokens, E) convolution output after the activation
    var dbc: [Float] = []     // (tokens, R + 2N) x_proj output [dt | B | C]
    var rank: [Float] = []    // (tokens, R) the dt columns, contiguous for dt_proj
    var dt: [Float] = []      // (tokens, E) Δ
    var y: [Float] = []       // (tokens, E) gated scan output
    var mixed: [Float] = []   // (tokens, hidden) out_proj output

    func reserve(tokens: Int, hidden: Int, inner: Int, projected: Int, rank rankWidth: Int) {
        func grow(_ buffer: inout [Float], _ count: Int) {
            if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
        }
        grow(&x, tokens * hidden)
        grow(&normed, tokens * hidden)
        grow(&xz, tokens * 2 * inner)
        grow(&u, tokens * inner)
        grow(&dbc, tokens * projected)
        grow(&rank, tokens * rankWidth)
        grow(&dt, tokens * inner)
        grow(&y, tokens * inner)
        grow(&mixed, tokens * hidden)
    }
}
