import Kernels

/// A token-embedding table, [rows × width] row-major, kept as the checkpoint stores it: float32,
/// or the stored matrix itself (F16, BF16 or GGUF integer groups), memory-mapped, with each
/// looked-up row decoded to float32 (exact for F16 and BF16; quantised rows as the loader
/// dequantises them). An 8B model's table is then 0.4 GB of mapped file instead of a 0.8 GB float
/// copy beside it, and a tied LM head reads the same bytes (`matrix`).
public struct EmbeddingTable: Sendable {
    public let matrix: WeightMatrix
    public let rows: Int
    public let width: Int

    public init(_ matrix: WeightMatrix, rows: Int, width: Int) {
        precondition(matrix.count == rows * width, "embedding table of \(matrix.count) values is not \(rows) × \(width)")
        self.matrix = matrix
        self.rows = rows
        self.width = width
    }

    /// A float32 table (tests, and callers that build one by hand).
    public init(floats: [Float], rows: Int, width: Int) {
        self.init(.float32(floats), rows: rows, width: width)
    }

    /// Number of elements.
    public var count: Int { rows * width }

    /// Writes row `row` as `width` float32 values to `out`. `row` must be in 0..<rows (callers check token ids).
    public func copyRow(_ row: Int, into out: UnsafeMutablePointer<Float>) {
        switch matrix {
        case .float32(let values):
            values.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + row * width, count: width) }
        case .stored(let stored):
            stored.convertRows(row..<(row + 1), into: out)
        }
    }

    /// Every element as float32 (a copy for stored tables).
    public var floats: [Float] { matrix.floats }
}
