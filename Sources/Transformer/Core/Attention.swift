import Kernels

/// Causal grouped-query attention of new tokens against a sequence's KV cache.
///
/// Each (sequence, head) pair is an independent work item computed in a fixed order, so a token's
/// output is the same bits whether it came in a prefill chunk or a decode step, alone or in a batch.
struct CausalAttention {
    let heads: Int
    let kvHeads: Int
    let headSize: Int
    /// Multiplier of q·k (1/√headSize unless the architecture says otherwise).
    let scale: Float
    /// Tanh soft-capping of scores (Gemma-2), nil when off.
    let softCap: Float?
    /// Only the last `window` positions are visible (sliding-window layers), nil for all.
    let window: Int?
    /// Where scores, probabilities and outputs are rounded (`AttentionArithmetic`).
    var arithmetic: AttentionArithmetic = .float32

    struct Item {
        let slot: Int
        /// First row of this chunk in the step's [tokens × …] buffers.
        let firstRow: Int
        let count: Int
        /// Position of the chunk's first token.
        let startPosition: Int
    }

    /// - Parameters:
    ///   - queries: [rows × queryStride], head h of row r at `queries + r*queryStride + h*headSize`.
    ///   - keys, values: (slot, KV head) → that head's cached rows, one per position, `headSize` apart.
    ///   - output: [rows × heads*headSize].
    ///   - statistics: where the entropy and varentropy of the recorded rows' weights go; nil costs nothing.
    func run(items: [Item], queries: UnsafePointer<Float>, queryStride: Int,
             keys: (_ slot: Int, _ kvHead: Int) -> UnsafePointer<Float>,
             values: (_ slot: Int, _ kvHead: Int) -> UnsafePointer<Float>,
             output: UnsafeMutablePointer<Float>, threads: Int, statistics: AttentionStatisticsTarget? = nil) {
        if arithmetic != .float32 {
            return runBFloat16(items: items, queries: queries, queryStride: queryStride, keys: keys, values: values,
                               output: output, threads: threads, statistics: statistics)
        }
        let group = heads / kvHeads
        let longest = items.map { $0.startPosition + $0.count }.max() ?? 0
        // Work item = (chunk, KV head, tile of query tokens): the `group` query heads that share a
        // KV head walk its cached keys and values together, so each key and value row is read once
        // per token for the whole group. Tiles split long prefills across threads.
        let tiles = items.map { ($0.count + Self.queryTile - 1) / Self.queryTile }
        let firstWork = tiles.reduce(into: [0]) { $0.append(($0.last ?? 0) + $1 * kvHeads) }
        let workItems = firstWork.last ?? 0
        let lanes = max(1, min(threads, workItems))
        // Each thread's scores, [group × longest], picked by work index (Parallel strides items by lane).
        let scoreBuffers = UnsafeMutablePointer<Float>.allocate(capacity: max(1, lanes * group * longest))
        defer { scoreBuffers.deallocate() }
        Parallel.forEach(workItems, threads: lanes) { work in
            var chunk = 0
            while firstWork[chunk + 1] <= work { chunk += 1 }
            let item = items[chunk], local = work - firstWork[chunk]
            let kvHead = local % kvHeads, tile = local / kvHeads
            let cachedKeys = keys(item.slot, kvHead), cachedValues = values(item.slot, kvHead)
            let scores = scoreBuffers + (work % lanes) * group * longest
            for t in (tile * Self.queryTile)..<min(item.count, (tile + 1) * Self.queryTile) {
                let position = item.startPosition + t
                let first = window.map { max(0, position + 1 - $0) } ?? 0
                let row = item.firstRow + t
                let recorded = statistics?.slots(row: row).map { ($0.entropy + kvHead * group, $0.varentropy + kvHead * group) }
                attendGroup(queries: queries + row * queryStride + kvHead * group * headSize,
                            keys: cachedKeys, values: cachedValues, group: group, visible: first...position,
                            scores: scores, scoreStride: longest,
                            output: output + row * heads * headSize + kvHead * group * headSize, statistics: recorded)
            }
        }
    }

    /// Query tokens of one chunk per work item.
    static let queryTile = 16

    /// One token's `group` query heads (consecutive, `headSize` apart) against the positions
    /// `visible` of one KV head (`keys` and `values`: one row per position, `headSize` apart). Per
    /// head the arithmetic is that of a lone head — the same dot products, exponentials and sums in
    /// the same order — so grouping changes no bit.
    /// `statistics`: the group's first head's entropy and varentropy slots, when the row is recorded.
    private func attendGroup(queries: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                             group: Int, visible: ClosedRange<Int>, scores: UnsafeMutablePointer<Float>,
                             scoreStride: Int, output: UnsafeMutablePointer<Float>,
                             statistics: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)?) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * group) { buffer in
            // capacity ≥ 1 (group ≥ 1), so the base address exists.
            guard let maxima = buffer.baseAddress else { return }
            let inverses = maxima + group
            maxima.initialize(repeating: -.infinity, count: group)
            AttentionKernels.scores(queries: queries, headSize: headSize, group: group, keys: keys, keyStride: headSize,
                                    positions: visible.lowerBound..<(visible.upperBound + 1), scale: scale, softCap: softCap,
                                    scores: scores, scoreStride: scoreStride, maxima: maxima)
            for h in 0..<group {
                let row = scores + h * scoreStride + visible.lowerBound
                let sum: Float
                if let (entropy, varentropy) = statistics {
                    // Float64 moments of the weights with ln(weight) = the exponent, up to the
                    // exponential's rounding; the weights themselves are those of the plain path.
                    var moments = AttentionMoments()
                    sum = FloatExponential.softmaxNumerators(row, count: visible.count, maximum: maxima[h]) { weight, exponent in
                        moments.add(weight: Double(weight), log: Double(exponent))
                    }
                    (entropy[h], varentropy[h]) = moments.entropyAndVarentropy
                } else {
                    sum = AttentionKernels.softmaxNumerators(row, count: visible.count, maximum: maxima[h])
                }
                inverses[h] = 1 / sum
            }
            AttentionKernels.weightedValues(weights: scores, weightStride: scoreStride, inverses: inverses, group: group,
                                            values: values, valueStride: headSize, headSize: headSize,
                                            positions: visible.lowerBound..<(visible.upperBound + 1), output: output)
        }
    }
}
