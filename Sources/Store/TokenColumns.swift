import NucleusCore

/// The per-token columns of a unit in memory: one `TokenColumnData` per entry of
/// `TokenColumn.all`, each N values long times its trailing extents (row-major: the top-K pair is
/// N × topK). Statistics are computed in Double from the raw float32 logits; NaN marks
/// "undefined" (nucleus cosine of a one-token nucleus).
public struct TokenColumns: Sendable, Equatable {
    /// K of the top-K columns.
    public var topK: Int
    /// L and H of the attention columns; 0 when the unit has none (`TokenColumn.attention`).
    public var attentionLayers = 0
    public var attentionHeads = 0
    private var data: [String: TokenColumnData]

    /// Every column present and empty.
    public init(topK: Int) {
        self.topK = topK
        data = Dictionary(uniqueKeysWithValues: TokenColumn.all.map { ($0.name, TokenColumnData(empty: $0.element)) })
    }

    /// N, the number of tokens (the length of `token_id`).
    public var count: Int { self[.tokenID].count }

    /// The values of `column`.
    public subscript(column: TokenColumn) -> TokenColumnData {
        get { data[column.name] ?? TokenColumnData(empty: column.element) }
        set { data[column.name] = newValue }
    }

    /// The extent of a dimension after the token axis.
    public func extent(_ dimension: TokenColumn.Dimension) -> Int {
        switch dimension {
        case .topK: topK
        case .layers: attentionLayers
        case .heads: attentionHeads
        }
    }

    /// Values per token of `column`: the product of its trailing extents.
    public func width(of column: TokenColumn) -> Int {
        column.trailing.reduce(1) { $0 * extent($1) }
    }

    /// The columns this unit stores: every one of `TokenColumn.all`, and the attention columns when recorded.
    public var storedColumns: [TokenColumn] { TokenColumn.all + (hasAttention ? TokenColumn.attention : []) }

    public var hasAttention: Bool { attentionHeads > 0 }

    /// Appends one sequence's statistics to every column. The first token carrying attention
    /// statistics fixes L × H; tokens before it (none can have any) get NaN rows.
    public mutating func append(_ statistics: [TokenStatistic]) {
        if !hasAttention, let first = statistics.first(where: { $0.attentionHeads > 0 }) {
            attentionHeads = first.attentionHeads
            attentionLayers = first.attentionEntropy.count / first.attentionHeads
            let padding = [Float](repeating: .nan, count: count * attentionLayers * attentionHeads)
            for column in TokenColumn.attention { self[column] = .float32(padding) }
        }
        for column in storedColumns {
            // Taken out of the dictionary so that appending does not copy the whole column.
            var values = data.removeValue(forKey: column.name) ?? TokenColumnData(empty: column.element)
            values.append(statistics.map(column.value), width: width(of: column))
            data[column.name] = values
        }
    }
}

/// The values of one column, typed as the file stores them. Equality treats NaN as equal to NaN,
/// so a file read back compares equal to what was written.
public enum TokenColumnData: Sendable, Equatable {
    case int32([Int32])
    case float32([Float])
    case float64([Double])

    public init(empty element: TokenColumn.Element) {
        switch element {
        case .int32: self = .int32([])
        case .float32: self = .float32([])
        case .float64: self = .float64([])
        }
    }

    public var element: TokenColumn.Element {
        switch self {
        case .int32: .int32
        case .float32: .float32
        case .float64: .float64
        }
    }

    public var count: Int {
        switch self {
        case .int32(let values): values.count
        case .float32(let values): values.count
        case .float64(let values): values.count
        }
    }

    /// Appends each token's value, its row cut or padded to `width` (-1 for integers, NaN for
    /// reals: a top-K list can be shorter than K when the vocabulary is).
    mutating func append(_ values: [TokenColumn.Value], width: Int) {
        switch self {
        case .int32(var stored):
            self = .int32([])
            for value in values { stored += value.row(width: width).map(\.integer) }
            self = .int32(stored)
        case .float32(var stored):
            self = .float32([])
            for value in values { stored += value.row(width: width).map { Float($0.real) } }
            self = .float32(stored)
        case .float64(var stored):
            self = .float64([])
            for value in values { stored += value.row(width: width).map(\.real) }
            self = .float64(stored)
        }
    }

    public static func == (a: TokenColumnData, b: TokenColumnData) -> Bool {
        func same<T: BinaryFloatingPoint>(_ x: [T], _ y: [T]) -> Bool {
            x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        }
        switch (a, b) {
        case (.int32(let x), .int32(let y)): return x == y
        case (.float32(let x), .float32(let y)): return same(x, y)
        case (.float64(let x), .float64(let y)): return same(x, y)
        default: return false
        }
    }
}

/// One stored number before it takes the column's type.
private enum Cell {
    case int(Int)
    case double(Double)

    var integer: Int32 {
        switch self {
        case .int(let value): Int32(clamping: value)
        case .double(let value): Int32(exactly: value.rounded()) ?? -1
        }
    }

    var real: Double {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        }
    }
}

extension TokenColumn.Value {
    /// The value as `width` cells, padded as `TokenColumn.Value` documents.
    fileprivate func row(width: Int) -> [Cell] {
        let cells: [Cell]
        let padding: Cell
        switch self {
        case .integer(let value): (cells, padding) = ([.int(value)], .int(-1))
        case .real(let value): (cells, padding) = ([.double(value)], .double(.nan))
        case .integers(let values): (cells, padding) = (values.map(Cell.int), .int(-1))
        case .reals(let values): (cells, padding) = (values.map(Cell.double), .double(.nan))
        }
        return Array(cells.prefix(width)) + Array(repeating: padding, count: max(0, width - cells.count))
    }
}

/// Shorthands for the columns code and tests name directly; every column is also `tokens[column]`.
extension TokenColumns {
    public var tokenID: [Int32] { get { int32(.tokenID) } set { self[.tokenID] = .int32(newValue) } }
    public var logprob: [Double] { get { float64(.logprob) } set { self[.logprob] = .float64(newValue) } }
    public var rank: [Int32] { get { int32(.rank) } set { self[.rank] = .int32(newValue) } }
    public var entropy: [Double] { get { float64(.entropy) } set { self[.entropy] = .float64(newValue) } }
    public var varentropy: [Double] { get { float64(.varentropy) } set { self[.varentropy] = .float64(newValue) } }
    public var nucleusSize: [Int32] { get { int32(.nucleusSize) } set { self[.nucleusSize] = .int32(newValue) } }
    public var nucleusMass: [Double] { get { float64(.nucleusMass) } set { self[.nucleusMass] = .float64(newValue) } }
    public var nucleusEntropy: [Double] { get { float64(.nucleusEntropy) } set { self[.nucleusEntropy] = .float64(newValue) } }
    public var nucleusCosine: [Double] { get { float64(.nucleusCosine) } set { self[.nucleusCosine] = .float64(newValue) } }
    public var nucleusCosineWeighted: [Double] {
        get { float64(.nucleusCosineWeighted) }
        set { self[.nucleusCosineWeighted] = .float64(newValue) }
    }
    public var topkIDs: [Int32] { get { int32(.topkIDs) } set { self[.topkIDs] = .int32(newValue) } }
    public var topkLogprobs: [Float] { get { float32(.topkLogprobs) } set { self[.topkLogprobs] = .float32(newValue) } }

    /// The values of an int32 column (empty if `column` holds another type).
    public func int32(_ column: TokenColumn) -> [Int32] {
        if case .int32(let values) = self[column] { return values }
        return []
    }

    /// The values of a float32 column (empty if `column` holds another type).
    public func float32(_ column: TokenColumn) -> [Float] {
        if case .float32(let values) = self[column] { return values }
        return []
    }

    /// The values of a float64 column (empty if `column` holds another type).
    public func float64(_ column: TokenColumn) -> [Double] {
        if case .float64(let values) = self[column] { return values }
        return []
    }
}
