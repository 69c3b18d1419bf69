import Foundation
import Testing
@testable import Transformer

/// Grouped-query attention against a naive twin (per head, float64, softmax written out), and
/// the properties the generator relies on: the same bits for any thread count and whether a
/// token arrives in a long prefill chunk (several query tiles) or alone.
struct GroupedAttentionTests {
    struct Case: Sendable, CustomStringConvertible {
        var heads: Int, kvHeads: Int, headSize: Int
        var window: Int?
        var softCap: Float?
        var description: String { "\(heads)/\(kvHeads) heads ×\(headSize) window \(window.map(String.init) ?? "-") cap \(softCap.map { "\($0)" } ?? "-")" }
    }

    static let cases: [Case] = [
        Case(heads: 9, kvHeads: 3, headSize: 64),
        Case(heads: 4, kvHeads: 4, headSize: 20),
        Case(heads: 8, kvHeads: 2, headSize: 16, window: 7),
        Case(heads: 6, kvHeads: 1, headSize: 12, softCap: 5),
    ]

    /// Deterministic values in [−1, 1).
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<count).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Float(state >> 40) / Float(1 << 23) - 1
        }
    }

    /// Runs `attention` over one sequence of `positions` tokens fed as `chunks` (token counts);
    /// `keys` and `values` are [position × kvHeads·headSize], handed over head by head as the cache does.
    static func run(_ attention: CausalAttention, queries: [Float], keys: [Float], values: [Float], chunks: [Int],
                    threads: Int) -> [Float] {
        let queryWidth = attention.heads * attention.headSize
        let headSize = attention.headSize, kvHeads = attention.kvHeads, positions = keys.count / (kvHeads * headSize)
        func byHead(_ rows: [Float]) -> [Float] {
            var out: [Float] = []
            for head in 0..<kvHeads {
                for p in 0..<positions {
                    let start = (p * kvHeads + head) * headSize
                    out += rows[start..<(start + headSize)]
                }
            }
            return out
        }
        let keys = byHead(keys), values = byHead(values)
        var output = [Float](repeating: .nan, count: queries.count)
        var start = 0
        for count in chunks {
            let item = CausalAttention.Item(slot: 0, firstRow: 0, count: count, startPosition: start)
            queries.withUnsafeBufferPointer { q in
                keys.withUnsafeBufferPointer { k in
                    values.withUnsafeBufferPointer { v in
                        output.withUnsafeMutableBufferPointer { out in
                            attention.run(items: [item], queries: q.baseAddress! + start * queryWidth, queryStride: queryWidth,
                                          keys: { _, head in k.baseAddress! + head * positions * headSize },
                                          values: { _, head in v.baseAddress! + head * positions * headSize },
                                          output: out.baseAddress! + start * queryWidth, threads: threads)
                        }
                    }
                }
            }
            start += count
        }
        return output
    }

    @Test(arguments: cases)
    func groupedHeadsMatchTheNaiveTwinAndKeepTheirBits(_ c: Case) {
        let positions = 41  // three query tiles of 16 in one chunk
        let attention = CausalAttention(heads: c.heads, kvHeads: c.kvHeads, headSize: c.headSize,
                                        scale: 1 / Float(c.headSize).squareRoot(), softCap: c.softCap, window: c.window)
        let kvDim = c.kvHeads * c.headSize, queryWidth = c.heads * c.headSize
        let queries = Self.values(positions * queryWidth, seed: 1)
        let keys = Self.values(positions * kvDim, seed: 2), values = Self.values(positions * kvDim, seed: 3)

        let whole = Self.run(attention, queries: queries, keys: keys, values: values, chunks: [positions], threads: 1)
        // Naive twin: every head on its own, float64.
        let group = c.heads / c.kvHeads
        var worst = 0.0
        for t in 0..<positions {
            for h in 0..<c.heads {
                let kv = h / group
                let visible = (c.window.map { max(0, t + 1 - $0) } ?? 0)...t
                var scores: [Double] = visible.map { p in
                    var dot = 0.0
                    for i in 0..<c.headSize {
                        dot += Double(queries[t * queryWidth + h * c.headSize + i]) * Double(keys[p * kvDim + kv * c.headSize + i])
                    }
                    let score = dot / Double(c.headSize).squareRoot()
                    return c.softCap.map { Double($0) * tanh(score / Double($0)) } ?? score
                }
                let maximum = scores.max() ?? 0
                scores = scores.map { exp($0 - maximum) }
                let sum = scores.reduce(0, +)
                for i in 0..<c.headSize {
                    var value = 0.0
                    for (j, p) in visible.enumerated() { value += scores[j] / sum * Double(values[p * kvDim + kv * c.headSize + i]) }
                    worst = max(worst, abs(value - Double(whole[t * queryWidth + h * c.headSize + i])))
                }
            }
        }
        #expect(worst < 1e-5, "max |Δ| \(worst) against the float64 twin")

        // Same bits on 3 threads, and fed token by token (decode) or in uneven chunks.
        #expect(Self.run(attention, queries: queries, keys: keys, values: values, chunks: [positions], threads: 3) == whole)
        #expect(Self.run(attention, queries: queries, keys: keys, values: values,
                         chunks: Array(repeating: 1, count: positions), threads: 2) == whole)
        #expect(Self.run(attention, queries: queries, keys: keys, values: values, chunks: [5, 17, 19], threads: 2) == whole)
    }
}
