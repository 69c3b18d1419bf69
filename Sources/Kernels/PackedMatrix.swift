import CKernels
import Weights

/// A weight matrix [rows = outputs × columns = inputs] packed once, at load, into the panels the
/// GEMM kernels read (`Sources/CKernels`): panels of 16 output rows, zero-padded to an even
/// number of panels; inside a panel the 16 rows' elements are interleaved input by input.
///
/// - float32: [k][16] floats;
/// - bfloat16: [k/2][16] 32-bit words, word j = (w[j][2p+1] << 16) | w[j][2p] — the kernel widens
///   both halves exactly with a shift and a mask, and `vdpbf16ps` reads the pairs directly;
/// - float16: [k][16] binary16 values (widened exactly with `vcvtph2ps`);
/// - integer groups (GGUF Q8_0, Q5_K: 8-bit; Q4_0, Q4_1, Q4_K: 4-bit; Q6_K: 8-bit in groups of 16
///   inputs): per 32 inputs (Q6_K: 16), 16 float32
///   scales and offsets, then the 16 rows' integers (`IntegerGroups`); the kernel widens them to
///   float32 with fma(q, scale, offset), the value the loader's dequantisation gives — a K block at
///   a time into a slice the row tiles share, or in registers when one row tile covers the batch.
///
/// 16-bit weights stay 2 bytes an element, integer groups 1.25 or 0.75; the products are bitwise
/// those of their float32 values.
public struct PackedMatrix: @unchecked Sendable {
    // @unchecked: the panel memory is written only in init and read-only afterwards.

    public enum Format: Int32, Sendable {
        case float32 = 0
        case bfloat16 = 1
        case float16 = 2
        case integers8 = 3
        case integers4 = 4
        /// 8-bit integers in groups of 16 inputs (GGUF Q6_K).
        case integers8Group16 = 5

        /// The integer-group format that keeps `type` (nil: not an integer-group type).
        init?(integerGroups type: GGMLType) {
            switch IntegerGroups.bits(of: type) {
            case 4: self = .integers4
            case 8: self = IntegerGroups.groupSize(of: type) == 16 ? .integers8Group16 : .integers8
            default: return nil
            }
        }

        /// Inputs per group and bits per integer of an integer-group format.
        var group: (inputs: Int, bits: Int)? {
            switch self {
            case .integers8: return (32, 8)
            case .integers4: return (32, 4)
            case .integers8Group16: return (16, 8)
            case .float32, .bfloat16, .float16: return nil
            }
        }
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

    /// Packs a stored matrix, keeping its format (16-bit, or integer groups). With
    /// `releasingMappedPages`, the checkpoint pages it was read from are handed back afterwards
    /// (they re-fault from the file if read again), so a model is not resident twice.
    public init(_ matrix: StoredMatrix, releasingMappedPages: Bool = true) {
        let starts = matrix.rowStarts
        if let half = matrix.halfPrecision {
            self.init(format: Format(half), rows: matrix.rows, columns: matrix.columns) { starts[$0] }
        } else {
            self.init(integerGroups: matrix.type, rows: matrix.rows, columns: matrix.columns, rowStarts: starts, rowBytes: matrix.rowBytes)
        }
        guard releasingMappedPages else { return }
        for owner in matrix.owners {
            guard let owner = owner as? any MappedPagesOwner else { continue }
            for segment in matrix.segments {
                owner.releasePages(UnsafeRawBufferPointer(start: segment.start, count: segment.rows * matrix.rowBytes))
            }
        }
    }

    /// Packs rows of an integer-group type, 16 at a time: each row decoded to its integers and
    /// group constants (`IntegerGroups`), then interleaved into the panel.
    private init(integerGroups type: GGMLType, rows: Int, columns: Int, rowStarts: [UnsafeRawPointer], rowBytes: Int) {
        format = Format(integerGroups: type) ?? .integers8
        self.rows = rows
        self.columns = columns
        panelCount = (rows + 31) / 32 * 2
        panelBytes = nk_panel_bytes(format.rawValue, columns)
        storage = AlignedBuffer(byteCount: max(64, panelCount * panelBytes))
        let groups = columns / IntegerGroups.groupSize(of: type)
        var integers = [Int8](repeating: 0, count: 16 * columns), constants = [Float](repeating: 0, count: 2 * 16 * groups)
        integers.withUnsafeMutableBufferPointer { integers in
            constants.withUnsafeMutableBufferPointer { constants in
                guard let q = integers.baseAddress, let scales = constants.baseAddress else { return }
                let offsets = scales + 16 * groups
                var rowIntegers = [UnsafePointer<Int8>?](repeating: nil, count: 16)
                var rowScales = [UnsafePointer<Float>?](repeating: nil, count: 16), rowOffsets = rowScales
                for panel in 0..<panelCount {
                    for j in 0..<16 where panel * 16 + j >= rows { (rowIntegers[j], rowScales[j], rowOffsets[j]) = (nil, nil, nil) }
                    for j in 0..<16 where panel * 16 + j < rows {
                        IntegerGroups.decode(UnsafeRawBufferPointer(start: rowStarts[panel * 16 + j], count: rowBytes), type: type,
                                             count: columns, integers: q + j * columns, scales: scales + j * groups,
                                             offsets: offsets + j * groups)
                        rowIntegers[j] = UnsafePointer(q + j * columns)
                        rowScales[j] = UnsafePointer(scales + j * groups)
                        rowOffsets[j] = UnsafePointer(offsets + j * groups)
                    }
                    nk_pack_grouped_panel(format.rawValue, rowIntegers, rowScales, rowOffsets, columns, storage.base + panel * panelBytes)
                }
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
        case .integers8, .integers4, .integers8Group16: return groupedValue(row: row, column: column).bitPattern
        }
    }

    /// fma(q, scale, offset) of element (row, column) of an integer-group matrix (layout: CKernels.h).
    private func groupedValue(row: Int, column: Int) -> Float {
        let (inputs, bits) = format.group ?? (32, 8)
        let groupBytes = 128 + inputs * 2 * bits
        let group = panels + (row / 16) * panelBytes + column / inputs * groupBytes, j = row % 16, p = column % inputs
        let scale = group.load(fromByteOffset: 4 * j, as: Float.self), offset = group.load(fromByteOffset: 64 + 4 * j, as: Float.self)
        let q: Int
        if bits == 8 {
            q = Int(group.load(fromByteOffset: 128 + p * 16 + j, as: Int8.self))
        } else {
            let byte = group.load(fromByteOffset: 128 + p * 8 + j % 8, as: UInt8.self)
            q = Int(j < 8 ? byte & 0x0F : byte >> 4)
        }
        return offset.addingProduct(Float(q), scale)
    }

    /// Every element as float32, row-major (unpacked: tests and callers that need the values).
    public func floats() -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for column in 0..<columns {
                let bits = bitsOf(row: row, column: column)
                switch format {
                case .float32, .integers8, .integers4, .integers8Group16: out[row * columns + column] = Float(bitPattern: bits)
                case .bfloat16: out[row * columns + column] = HalfPrecision.bfloat16.float(UInt16(bits))
                case .float16: out[row * columns + column] = HalfPrecision.float16.float(UInt16(bits))
                }
            }
        }
        return out
    }

    /// The stored 16-bit elements row-major, as a matrix owning a copy; nil for other formats.
    public func unpackedHalfPrecision() -> StoredMatrix? {
        let half: HalfPrecision
        switch format {
        case .float32, .integers8, .integers4, .integers8Group16: return nil
        case .bfloat16: half = .bfloat16
        case .float16: half = .float16
        }
        let copy = AlignedBuffer(byteCount: max(2, rows * columns * 2))
        for row in 0..<rows {
            for column in 0..<columns {
                copy.base.storeBytes(of: UInt16(bitsOf(row: row, column: column)), toByteOffset: 2 * (row * columns + column), as: UInt16.self)
            }
        }
        return StoredMatrix(format: half, columns: columns, segments: [.init(start: UnsafeRawPointer(copy.base), rows: rows)],
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
