import CKernels

/// Float64 sums of selected rows of a float32 matrix (`Sources/CKernels/RowSumKernels.c`), plain and
/// weighted, with the bits of the sequential loop at every level.
public enum RowSums {
    /// sum[j] = Σ_i rows[ids[i]][j] and weighted[j] = Σ_i weights[i] · rows[ids[i]][j] for j < dimension,
    /// adding in id order from +0. Ids must index rows of `rows` (`dimension` floats each).
    public static func weighted(rows: UnsafeBufferPointer<Float>, dimension: Int, ids: UnsafeBufferPointer<Int32>,
                                weights: UnsafeBufferPointer<Double>, sum: UnsafeMutableBufferPointer<Double>,
                                weighted: UnsafeMutableBufferPointer<Double>, level: KernelLevel = .selected) {
        precondition(weights.count >= ids.count && sum.count >= dimension && weighted.count >= dimension,
                     "buffers shorter than \(ids.count) ids × \(dimension)")
        precondition(ids.allSatisfy { $0 >= 0 && (Int($0) + 1) * dimension <= rows.count }, "an id outside the rows")
        guard let matrix = rows.baseAddress, let sum = sum.baseAddress, let weighted = weighted.baseAddress else { return }
        nk_weighted_row_sums(Int32(level.rawValue), matrix, dimension, ids.baseAddress, weights.baseAddress, ids.count,
                             sum, weighted)
    }
}
