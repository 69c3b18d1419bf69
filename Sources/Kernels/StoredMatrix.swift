import Weights

/// A 16-bit floating-point storage format whose conversion to float32 is exact.
public enum HalfPrecision: Sendable, Equatable {
    /// IEEE 754 binary16.
    case float16
    /// bfloat16: the upper half of a binary32.
    case bfloat16

    /// The float32 value of one stored element (exact for every bit pattern).
    @inline(__always) public func float(_ bits: UInt16) -> Float {
        switch self {
        case .float16: return Dequantize.halfToFloat(bits)
        case .bfloat16: return Float(bitPattern: UInt32(bits) << 16)
        }
    }
}

/// A row-major [rows × columns] weight matrix kept in its checkpoint's storage type — F16, BF16,
/// or a GGUF integer-group type (`IntegerGroups`) — as read-only little-endian memory owned by
/// someone else (a memory-mapped checkpoint). The rows may come from several pieces (fused Q|K|V,
/// regrouped heads): `segments` are concatenated in order.
public struct StoredMatrix: @unchecked Sendable {
    // @unchecked: the memory is read-only for the matrix's whole life (kept alive by `owners`).

    /// Consecutive rows stored contiguously at `start` (`rows · rowBytes` bytes).
    public struct Segment {
        public let start: UnsafeRawPointer
        public let rows: Int

        public init(start: UnsafeRawPointer, rows: Int) {
            self.start = start
            self.rows = rows
        }
    }

    public let type: GGMLType
    public let columns: Int
    public let segments: [Segment]
    /// Objects that own the memory the segments point into; held so the mapping outlives the matrix.
    public let owners: [any AnyObject & Sendable]
    public let rows: Int

    /// Whether a matrix of `type` can be kept as stored: F16, BF16 and the integer-group types.
    public static func keeps(_ type: GGMLType) -> Bool {
        type == .f16 || type == .bf16 || IntegerGroups.bits(of: type) != nil
    }

    /// `columns` must be a multiple of `type`'s block size and `type` one that `keeps` accepts.
    public init(type: GGMLType, columns: Int, segments: [Segment], owners: [any AnyObject & Sendable]) {
        precondition(Self.keeps(type) && columns % type.blockSize == 0, "a \(type.name) matrix of \(columns) columns")
        self.type = type
        self.columns = columns
        self.segments = segments
        self.owners = owners
        rows = segments.reduce(0) { $0 + $1.rows }
    }

    /// A 16-bit matrix.
    public init(format: HalfPrecision, columns: Int, segments: [Segment], owners: [any AnyObject & Sendable]) {
        self.init(type: format == .float16 ? .f16 : .bf16, columns: columns, segments: segments, owners: owners)
    }

    /// The 16-bit format, nil for integer groups.
    public var halfPrecision: HalfPrecision? {
        switch type {
        case .f16: return .float16
        case .bf16: return .bfloat16
        default: return nil
        }
    }

    /// Bytes of one stored row.
    public var rowBytes: Int { Self.rowBytes(type: type, columns: columns) }

    /// Bytes of a row of `columns` elements of `type` (whole blocks).
    public static func rowBytes(type: GGMLType, columns: Int) -> Int { columns / type.blockSize * type.blockBytes }

    /// The rows of every part, in order, as one matrix (fused projections); nil when types or widths differ.
    public static func stacking(_ parts: [StoredMatrix]) -> StoredMatrix? {
        guard let first = parts.first,
              parts.allSatisfy({ $0.type == first.type && $0.columns == first.columns }) else { return nil }
        return StoredMatrix(type: first.type, columns: first.columns,
                            segments: parts.flatMap(\.segments), owners: parts.flatMap(\.owners))
    }

    /// The same memory with its rows taken in the order of `pieces` (each a range of this matrix's rows).
    public func reordered(_ pieces: [Range<Int>]) -> StoredMatrix {
        var result: [Segment] = []
        for piece in pieces {
            var row = piece.lowerBound
            while row < piece.upperBound {
                let (segment, offset) = locate(row)
                let take = min(piece.upperBound - row, segments[segment].rows - offset)
                result.append(Segment(start: segments[segment].start + offset * rowBytes, rows: take))
                row += take
            }
        }
        return StoredMatrix(type: type, columns: columns, segments: result, owners: owners)
    }

    private func locate(_ row: Int) -> (segment: Int, offset: Int) {
        var first = 0
        for (index, segment) in segments.enumerated() {
            if row < first + segment.rows { return (index, row - first) }
            first += segment.rows
        }
        return (segments.count, 0)
    }

    /// Each row's bytes in order (packing reads them one by one).
    public var rowStarts: [UnsafeRawPointer] {
        segments.flatMap { segment in (0..<segment.rows).map { segment.start + $0 * rowBytes } }
    }

    /// Writes rows `range` as float32 into `out` (row-major, `range.count · columns` floats).
    public func convertRows(_ range: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        var first = 0
        var target = out
        for segment in segments {
            let lower = max(range.lowerBound, first), upper = min(range.upperBound, first + segment.rows)
            if lower < upper {
                let count = (upper - lower) * columns
                let source = segment.start + (lower - first) * rowBytes
                if let half = halfPrecision {
                    for index in 0..<count {
                        target[index] = half.float(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * index, as: UInt16.self)))
                    }
                } else {
                    Dequantize.decode(UnsafeRawBufferPointer(start: source, count: (upper - lower) * rowBytes), type: type,
                                      into: UnsafeMutableBufferPointer(start: target, count: count))
                }
                target += count
            }
            first += segment.rows
            if first >= range.upperBound { break }
        }
    }

    /// Every element as float32 (tests, and callers that need a copy).
    public func floats() -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            if let base = buffer.baseAddress { convertRows(0..<rows, into: base) }
            initialized = rows * columns
        }
    }
}
