import CKernels

/// Threshold scans over a row (`Sources/CKernels/ScanKernels.c`): the same answer at every level.
public enum RowScan {
    /// The smallest index in `start..<row.count` whose entry is greater than `threshold` (NaN is
    /// not), or `row.count`.
    @inline(__always)
    public static func nextAbove(_ row: UnsafeBufferPointer<Float>, from start: Int, threshold: Float,
                                 level: KernelLevel = .selected) -> Int {
        guard let base = row.baseAddress, start < row.count else { return row.count }
        return nk_next_above(Int32(level.rawValue), base, start, row.count, threshold)
    }
}
