import Kernels

/// The layout of one forward step over ragged chunks, shared by the architectures that batch all
/// new tokens into one [tokens × …] buffer: where each chunk's rows and positions start, and which
/// rows need logits. Built (and checked against the cache and the vocabulary) before anything is
/// written, so a bad chunk leaves the cache untouched.
struct ForwardStep {
    let items: [CausalAttention.Item]
    /// Every chunk's tokens in row order.
    let tokens: [Int32]
    /// Rows whose logits are returned, in output order.
    let logitRows: [Int]
    /// `LogitRows.rowOffsets`: chunk i owns output rows rowOffsets[i]..<rowOffsets[i+1].
    let rowOffsets: [Int]
    /// Collects attention statistics for the logit rows of chunks that ask; nil when none does.
    let attentionRecorder: AttentionStatisticsRecorder?

    var tokenCount: Int { tokens.count }

    /// - Parameter model: names the model in errors (its architecture).
    init(_ chunks: [SequenceChunk], cache: KVCache, vocabularySize: Int, model: String) throws {
        var items: [CausalAttention.Item] = [], tokens: [Int32] = [], logitRows: [Int] = [], offsets = [0]
        var recorded: [(row: Int, output: Int)] = []
        for chunk in chunks {
            let start = cache.length(slot: chunk.slot)
            guard start + chunk.tokens.count <= cache.capacity(slot: chunk.slot) else {
                throw ModelError(file: model, "sequence in slot \(chunk.slot) exceeds its cache capacity \(cache.capacity(slot: chunk.slot))")
            }
            guard !chunk.tokens.isEmpty else {
                throw ModelError(file: model, "chunk for slot \(chunk.slot) has no tokens")
            }
            if let bad = chunk.tokens.first(where: { $0 < 0 || Int($0) >= vocabularySize }) {
                throw ModelError(file: model, "token id \(bad) is outside the vocabulary (0..<\(vocabularySize))")
            }
            let first = tokens.count
            items.append(.init(slot: chunk.slot, firstRow: first, count: chunk.tokens.count, startPosition: start))
            tokens += chunk.tokens
            let chunkLogitRows = chunk.allLogits ? Array(first..<tokens.count) : [tokens.count - 1]
            if chunk.attentionStatistics {
                recorded += chunkLogitRows.enumerated().map { (row: $0.element, output: logitRows.count + $0.offset) }
            }
            logitRows += chunkLogitRows
            offsets.append(logitRows.count)
        }
        self.items = items
        self.tokens = tokens
        self.logitRows = logitRows
        rowOffsets = offsets
        if recorded.isEmpty {
            attentionRecorder = nil
        } else {
            var outputRow = [Int](repeating: -1, count: tokens.count)
            for (row, output) in recorded { outputRow[row] = output }
            attentionRecorder = AttentionStatisticsRecorder(layers: cache.layers, outputRow: outputRow,
                                                            outputRows: logitRows.count)
        }
    }

    /// out[row] = table[token of row], for [tokens × width] buffers.
    func gatherEmbeddings(_ table: EmbeddingTable, width: Int, into out: UnsafeMutablePointer<Float>) {
        for (row, token) in tokens.enumerated() {
            table.copyRow(Int(token), into: out + row * width)
        }
    }

    /// One layer's attention over the step: rotates Q and K of every new token at its position,
    /// appends K and V to the cache, then attends each new query to its sequence's cache.
    /// `qkv` rows are [Q (heads·headSize) | K (kvHeads·headSize) | V (kvHeads·headSize)];
    /// `output` gets [tokens × heads·headSize].
    /// `compute` says how RoPE rounds (the attention's own arithmetic is `attention.arithmetic`).
    func selfAttention(_ qkv: UnsafeMutablePointer<Float>, attention: CausalAttention, rope: RoPE, layer: Int,
                       cache: KVCache, output: UnsafeMutablePointer<Float>, threads: Int,
                       compute: ComputePrecision = .float32) {
        let headSize = attention.headSize, heads = attention.heads, kvHeads = attention.kvHeads
        let queryDim = heads * headSize, kvDim = kvHeads * headSize
        let width = queryDim + 2 * kvDim
        // Sequences on several threads: each item writes only its own rows and its own cache slot.
        Parallel.forEach(items.count, threads: items.count < 4 ? 1 : threads) { index in
            let item = items[index]
            for t in 0..<item.count {
                let row = qkv + (item.firstRow + t) * width
                let position = item.startPosition + t
                // Q's and K's heads are consecutive in the row: one call rotates both with one cos/sin per pair.
                rope.apply(row, heads: heads + kvHeads, headSize: headSize, position: position, compute: compute)
                for head in 0..<kvHeads {
                    (cache.keys(slot: item.slot, layer: layer, head: head) + position * headSize)
                        .update(from: row + queryDim + head * headSize, count: headSize)
                    (cache.values(slot: item.slot, layer: layer, head: head) + position * headSize)
                        .update(from: row + queryDim + kvDim + head * headSize, count: headSize)
                }
            }
        }
        attention.run(items: items, queries: qkv, queryStride: width,
                      keys: { UnsafePointer(cache.keys(slot: $0, layer: layer, head: $1)) },
                      values: { UnsafePointer(cache.values(slot: $0, layer: layer, head: $1)) },
                      output: output, threads: threads,
                      statistics: attentionRecorder?.target(layer: layer, heads: heads))
    }

    /// Copies the rows that need logits out of a [tokens × width] buffer.
    func gatherLogitRows(_ x: UnsafePointer<Float>, width: Int) -> [Float] {
        var out = [Float](repeating: 0, count: logitRows.count * width)
        out.withUnsafeMutableBufferPointer { buffer in
            for (target, source) in logitRows.enumerated() {
                (buffer.baseAddress! + target * width).update(from: x + source * width, count: width)
            }
        }
        return out
    }

    /// Marks the step's tokens as stored, once every layer has written them.
    func commit(to cache: KVCache) {
        for item in items { cache.advance(slot: item.slot, by: item.count) }
    }

    /// Final normalisation and LM head, only for the rows whose logits were asked for.
    /// - Parameters:
    ///   - x: the residual stream, [tokens × head.inputs].
    ///   - normalise: (input, rows, output) over [rows × head.inputs] buffers.
    ///   - compute: rounds the logits as the head's bf16 output tensor (float32: unchanged).
    func logits(_ x: UnsafePointer<Float>, normalise: (UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>) -> Void,
                head: DenseLayer, threads: Int, compute: ComputePrecision = .float32) -> LogitRows {
        let rows = logitRows.count
        let last = gatherLogitRows(x, width: head.inputs)
        var normed = [Float](repeating: 0, count: last.count)
        normalise(last, rows, &normed)
        var logits = [Float](repeating: 0, count: rows * head.outputs)
        head.apply(normed, rows: rows, into: &logits, threads: threads, rounding: compute)
        return LogitRows(vocabularySize: head.outputs, rowOffsets: rowOffsets, values: logits,
                         attention: attentionRecorder?.rows())
    }
}

/// Scratch buffers of a decoder's forward step (llama2.c's RunState), grown to the step's token
/// count and reused across steps. Widths: `width` the residual stream, `queryWidth` heads·headSize,
/// `qkvWidth` Q|K|V, `mlpWidth` the MLP hidden layer.
final class DecoderScratch {
    var x: [Float] = []               // (tokens, width) residual stream
    var normed: [Float] = []          // (tokens, width)
    var qkv: [Float] = []             // (tokens, qkvWidth)
    var attention: [Float] = []       // (tokens, queryWidth) attention heads
    var attentionOutput: [Float] = [] // (tokens, width)
    var gateUp: [Float] = []          // (tokens, 2·mlpWidth), gated MLPs only
    var mlpHidden: [Float] = []       // (tokens, mlpWidth)
    var mlpOutput: [Float] = []       // (tokens, width)

    func reserve(tokens: Int, width: Int, queryWidth: Int, qkvWidth: Int, mlpWidth: Int, gated: Bool) {
        func grow(_ buffer: inout [Float], _ count: Int) {
            if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
        }
        grow(&x, tokens * width)
        grow(&normed, tokens * width)
        grow(&qkv, tokens * qkvWidth)
        grow(&attention, tokens * queryWidth)
        grow(&attentionOutput, tokens * width)
        if gated { grow(&gateUp, tokens * 2 * mlpWidth) }
        grow(&mlpHidden, tokens * mlpWidth)
        grow(&mlpOutput, tokens * width)
    }
}
