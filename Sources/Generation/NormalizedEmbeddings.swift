import Foundation
import Kernels
import Transformer

/// A model's input-embedding rows, each scaled to unit length once (norm taken in Double, rows stored
/// as Float: half the memory of Double, and a cosine differs from the all-Double value by ~1e-7).
/// Rows that are zero or not finite cannot be normalised: they are flagged, and any cosine that
/// involves them is NaN.
public final class NormalizedEmbeddings: Sendable {
    public let vocabularySize: Int
    public let dimension: Int
    /// Row-major [vocabularySize × dimension] unit rows (zero rows stay zero).
    public let rows: [Float]
    /// ‖stored row‖² in Double (1 up to Float rounding; 0 for flagged rows), used instead of 1 so the
    /// sum-of-rows identity stays exact for the rows actually stored.
    public let squaredNorms: [Double]
    /// Ids of rows that were zero or not finite.
    public let unusableRows: [Int32]
    private let isUnusable: [Bool]

    /// Normalises `matrix`, row-major `vocabularySize × dimension`.
    public convenience init(matrix: [Float], vocabularySize: Int, dimension: Int) throws {
        guard vocabularySize > 0, dimension > 0, matrix.count == vocabularySize * dimension else {
            throw GenerationError("embeddings", "matrix has \(matrix.count) values, expected \(vocabularySize) × \(dimension)")
        }
        self.init(vocabularySize: vocabularySize, dimension: dimension) { row, out in
            matrix.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + row * dimension, count: dimension) }
        }
    }

    /// Normalises a model's embedding table, widening one row at a time: a 16-bit table is never
    /// copied whole to float32 beside the unit rows (the values, and so the rows, are the same).
    public convenience init(matrix table: EmbeddingTable, vocabularySize: Int, dimension: Int) throws {
        guard vocabularySize > 0, dimension > 0, table.rows == vocabularySize, table.width == dimension else {
            throw GenerationError("embeddings", "table is \(table.rows) × \(table.width), expected \(vocabularySize) × \(dimension)")
        }
        self.init(vocabularySize: vocabularySize, dimension: dimension) { row, out in table.copyRow(row, into: out) }
    }

    /// `readRow(row, out)` writes row `row`'s `dimension` values to `out`.
    private init(vocabularySize: Int, dimension: Int, readRow: (Int, UnsafeMutablePointer<Float>) -> Void) {
        var rows = [Float](repeating: 0, count: vocabularySize * dimension)
        var squaredNorms = [Double](repeating: 0, count: vocabularySize)
        var isUnusable = [Bool](repeating: false, count: vocabularySize)
        rows.withUnsafeMutableBufferPointer { out in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: dimension) { input in
                let input = input.baseAddress!
                for row in 0..<vocabularySize {
                    readRow(row, input)
                    let base = row * dimension
                    var sum = 0.0
                    for j in 0..<dimension { sum += Double(input[j]) * Double(input[j]) }
                    let norm = sum.squareRoot()
                    guard norm > 0 && norm.isFinite else {
                        isUnusable[row] = true
                        continue
                    }
                    var stored = 0.0
                    for j in 0..<dimension {
                        let value = Float(Double(input[j]) / norm)
                        out[base + j] = value
                        stored += Double(value) * Double(value)
                    }
                    squaredNorms[row] = stored
                }
            }
        }
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.rows = rows
        self.squaredNorms = squaredNorms
        self.isUnusable = isUnusable
        self.unusableRows = isUnusable.indices.filter { isUnusable[$0] }.map { Int32($0) }
    }

    /// Whether row `id` was zero or not finite (out-of-range ids count as unusable).
    public func isUnusable(_ id: Int32) -> Bool {
        id < 0 || Int(id) >= vocabularySize || isUnusable[Int(id)]
    }

    /// Mean pairwise cosine over unordered pairs of `ids` (assumed distinct) and its q-weighted
    /// variant Σ_{i≠j} q_i q_j cos_ij / (1 − Σ q_i²), both from sums of rows instead of a k×k loop:
    /// Σ_{i≠j} û_i·û_j = ‖Σ û_i‖² − Σ ‖û_i‖², and with weights ‖Σ q_i û_i‖² − Σ q_i² ‖û_i‖².
    /// NaN when fewer than two ids, or when an id's row is unusable.
    public func pairwiseCosines(ids: UnsafeBufferPointer<Int32>, weights q: UnsafeBufferPointer<Double>) -> (mean: Double, weighted: Double) {
        let k = ids.count
        guard k >= 2, q.count == k, !ids.contains(where: isUnusable) else { return (.nan, .nan) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * dimension) { scratch in
            let sum = UnsafeMutableBufferPointer(rebasing: scratch[0..<dimension])
            let weightedSum = UnsafeMutableBufferPointer(rebasing: scratch[dimension...])
            rows.withUnsafeBufferPointer { rows in
                RowSums.weighted(rows: rows, dimension: dimension, ids: ids, weights: q, sum: sum, weighted: weightedSum)
            }
            var squaredNormSum = 0.0
            var weightedSquaredNormSum = 0.0
            var sumOfSquaredWeights = 0.0
            for i in 0..<k {
                let id = Int(ids[i]), weight = q[i]
                squaredNormSum += squaredNorms[id]
                weightedSquaredNormSum += weight * weight * squaredNorms[id]
                sumOfSquaredWeights += weight * weight
            }
            var sumSquared = 0.0
            var weightedSumSquared = 0.0
            for j in 0..<dimension {
                sumSquared += sum[j] * sum[j]
                weightedSumSquared += weightedSum[j] * weightedSum[j]
            }
            let mean = (sumSquared - squaredNormSum) / Double(k * (k - 1))
            let weighted = (weightedSumSquared - weightedSquaredNormSum) / (1 - sumOfSquaredWeights)
            return (mean, weighted)
        }
    }

    /// cos(e_a, e_b) of the stored unit rows; NaN for unusable rows.
    public func cosine(_ a: Int32, _ b: Int32) -> Double {
        if isUnusable(a) || isUnusable(b) { return .nan }
        var dot = 0.0
        let (x, y) = (Int(a) * dimension, Int(b) * dimension)
        for j in 0..<dimension { dot += Double(rows[x + j]) * Double(rows[y + j]) }
        return dot / (squaredNorms[Int(a)] * squaredNorms[Int(b)]).squareRoot()
    }
}
