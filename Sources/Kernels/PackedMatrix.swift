import CKernels
import Weights

/// A weight matrix [rows = outputs × columns = inputs] packed once, at load, into the panels the
/// GEMM kernels read (`Sources/CKernels`): panels of 16 output rows, zero-padded to an even
/// number of panels; inside a panel the 16 rows' elements are interleaved input by input.
///
/// - float32: [k][16] floats;
/// - bfloat16: [k/2][16] 32-bit words, word j = (w[j][2p+1] << 16) | w[j][2p] — the kernel widens
///   both halves exactly with a shift and a mask, and `vdpbf16ps` reads the pairs directly;
/// - float16: [k][16] binary16 values (widened exactly with `vcvtph2ps`).
///
/// 16-bit weights stay 2 bytes an element; the products are bitwise those of their float32 values.
public struct PackedMatrix: @unchecked Sendable {
    // @unchecked: the panel memory is written only in init and read-only afterwards.

    public enum Format: Int32, Sendable {
        case float32 = 0
        case bfloat16 = 1
        case float16 = 2
    }

    public let format: Format
    /// Outputs (N).
    public let rows: Int
    /// Inputs (K).
    public let columns: Int
    /// Panels including zero padding (even).
    let panelCount: Int
    let panelBytes: Int
    let storage: AlignedBuffer

    /// Bytes the panels take.
    public var byteCount: Int { storage.byteCount }
    var panels: UnsafeRawPointer { UnsafeRawPointer(storage.base) }

    private init(format: Format, rows: Int, columns: Int, rowStart: (Int) -> UnsafeRawPointer?) {
        self.format = format
        self.rows = rows
        self.columns = columns
        panelCount = (rows + 31) / 32 * 2
        panelBytes = nk_panel_bytes(format.rawValue, columns)
        storage = AlignedBuffer(byteCount: max(64, panelCount * panelBytes))
        var starts = [UnsafeRawPointer?](repeating: nil, count: 16)
        for panel in 0..<panelCount {
            for j in 0..<16 {
                let row = panel * 16 + j
                starts[j] = row < rows ? rowStart(row) : nil
            }
            starts.withUnsafeBufferPointer { nk_pack_panel(format.rawValue, $0.baseAddress, columns, storage.base + panel * panelBytes) }
        }
    }

    /// Packs `rows × columns` row-major floats.
    public init(_ values: UnsafePointer<Float>, rows: Int, columns: Int) {
        self.init(format: .float32, rows: rows, columns: columns) { UnsafeRawPointer(values + $0 * columns) }
    }

    public init(_ values: [Float], rows: Int, columns: Int) {
        precondition(values.count == rows * columns, "\(values.count) weights for a \(rows)×\(columns) matrix")
        self = values.withUnsafeBytes { raw in
            PackedMatrix(format: .float32, rows: rows, columns: columns) { row in raw.baseAddress.map { $0 + row * columns * 4 } }
        }
    }

    /// Packs row-major 16-bit little-endian elements at `bits` (nil only for an empty matrix).
    public init(bits: UnsafeRawPointer?, format: HalfPrecision, rows: Int, columns: Int) {
        self.init(format: Format(format), rows: rows, columns: columns) { row in bits.map { $0 + row * columns * 2 } }
    }

    /// Packs a stored 16-bit matrix, keeping its format. With `releasingMappedPages`, the
    /// checkpoint pages it was read from are handed back afterwards (they re-fault from the file
    /// if read again), so a model is not resident twice.
    public init(_ matrix: HalfPrecisionMatrix, releasingMappedPages: Bool = true) {
        var starts: [UnsafeRawPointer] = []
        starts.reserveCapacity(matrix.rows)
        for segment in matrix.segments {
            for row in 0..<segment.rows { starts.append(segment.start + row * matrix.columns * 2) }
        }
        self.init(format: Format(matrix.format), rows: matrix.rows, columns: matrix.columns) { starts[$0] }
        guard releasingMappedPages else { return }
        for owner in matrix.owners {
            guard let owner = owner as? any MappedPagesOwner else { continue }
            for segment in matrix.segments {
                owner.releasePages(UnsafeRawBufferPointer(start: segment.start, count: segment.rows * matrix.columns * 2))
            }
        }
    }

    /// float32 values packed as bf16 when every one of them is a bf16 value (a tied embedding read
    /// from a bf16 checkpoint): half the memory, the same products bit for bit.
    public static func compact(_ values: [Float], rows: Int, columns: Int) -> PackedMatrix {
        guard values.allSatisfy({ $0.bitPattern & 0xFFFF == 0 }) else { return PackedMatrix(values, rows: rows, columns: columns) }
        let bits = values.map { UInt16(truncatingIfNeeded: $0.bitPattern >> 16) }
        return bits.withUnsafeBytes { raw in
            PackedMatrix(format: .bfloat16, rows: rows, columns: columns) { row in raw.baseAddress.map { $0 + row * columns * 2 } }
        }
    }

    /// The stored bits of element (row, column) of a 16-bit matrix, or the float's bits.
    private func bitsOf(row: Int, column: Int) -> UInt32 {
        let panel = panels + (row / 16) * panelBytes, j = row % 16
        switch format {
        case .float32: return panel.load(fromByteOffset: 4 * (column * 16 + j), as: UInt32.self)
        case .float16: return UInt32(panel.load(fromByteOffset: 2 * (column * 16 + j), as: UInt16.self))
        case .bfloat16:
            let word = panel.load(fromByteOffset: 4 * (column / 2 * 16 + j), as: UInt32.self)
            return column % 2 == 0 ? word & 0xFFFF : word >> 16
        }
    }

    /// Every element as float32, row-major (unpacked: tests and callers that need the values).
    public func floats() -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for column in 0..<columns {
                let bits = bitsOf(row: row, column: column)
                switch format {
                case .float32: out[row * columns + column] = Float(bitPattern: bits)
                case .bfloat16: out[row * columns + column] = HalfPrecision.bfloat16.float(UInt16(bits))
                case .float16: out[row * columns + column] = HalfPrecision.float16.float(UInt16(bits))
                }
            }
        }
        return out
    }

    /// The stored 16-bit elements row-major, as a matrix owning a copy; nil for float32.
    public func unpackedHalfPrecision() -> HalfPrecisionMatrix? {
        let half: HalfPrecision
        switch format {
        case .float32: return nil
        case .bfloat16: half = .bfloat16
        case .float16: half = .float16
        }
        let copy = AlignedBuffer(byteCount: max(2, rows * columns * 2))
        for row in 0..<rows {
            for column in 0..<columns {
                copy.base.storeBytes(of: UInt16(bitsOf(row: row, column: column)), toByteOffset: 2 * (row * columns + column), as: UInt16.self)
            }
        }
        return HalfPrecisionMatrix(format: half, columns: columns, segments: [.init(start: UnsafeRawPointer(copy.base), rows: rows)],
                                   owners: [copy])
    }
}

extension PackedMatrix.Format {
    init(_ half: HalfPrecision) {
        switch half {
        case .bfloat16: self = .bfloat16
        case .float16: self = .float16
        }
    }
}

/// 64-byte aligned memory owned by one object (panels, copies handed out by `PackedMatrix`).
final class AlignedBuffer: @unchecked Sendable {
    // @unchecked: written only by its creator before it is shared, read-only afterwards.
    let base: UnsafeMutableRawPointer
    let byteCount: Int

    init(byteCount: Int) {
        self.byteCount = byteCount
        base = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
    }

    deinit { base.deallocate() }
}
