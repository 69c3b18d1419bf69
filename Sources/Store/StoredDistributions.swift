import NucleusCore

/// `/distributions` of a unit file (`analysis.store_distribution`): for every row of `/tokens`, in
/// the same order, the distribution p = softmax(raw logits) behind it as float16. Full: `columns`
/// = V probabilities by token id. Top-N: `columns` = N probabilities in canonical order
/// (descending, ties by lower id) with their `tokenIDs`. Half floats are kept as bit patterns
/// because Swift's `Float16` is missing on some hosts the reducer runs on.
public struct StoredDistributions: Sendable, Equatable {
    /// The model's vocabulary size V.
    public var vocabularySize: Int
    /// V for a full distribution, N for a top-N cut.
    public var columns: Int
    /// Row-major rows × `columns` float16 bit patterns.
    public var probabilityBits: [UInt16]
    /// Row-major rows × `columns` token ids of a top-N cut; nil for a full distribution.
    public var tokenIDs: [Int32]?

    public var isTopN: Bool { tokenIDs != nil }
    public var rows: Int { columns == 0 ? 0 : probabilityBits.count / columns }

    public init(vocabularySize: Int, columns: Int, probabilityBits: [UInt16] = [], tokenIDs: [Int32]? = nil) {
        self.vocabularySize = vocabularySize
        self.columns = columns
        self.probabilityBits = probabilityBits
        self.tokenIDs = tokenIDs
    }

    /// Empty rows for the job's setting: full (`top` nil) or top-N.
    public init(vocabularySize: Int, top: Int?) {
        self.init(vocabularySize: vocabularySize, columns: top ?? vocabularySize, tokenIDs: top == nil ? nil : [])
    }

    /// Appends the distributions the generator attached to `statistics`. A row of the wrong width
    /// leaves the counts off, which the writer refuses (`UnitRecord.consistencyProblem`).
    public mutating func append(_ statistics: [TokenStatistic]) {
        for statistic in statistics {
            probabilityBits += statistic.distribution
            if isTopN { tokenIDs? += statistic.distributionIDs }
        }
    }

    /// Why these rows cannot be the distributions of `tokenCount` tokens, or nil.
    func consistencyProblem(tokenCount: Int) -> String? {
        guard columns >= 1, columns <= vocabularySize else {
            return "distributions have \(columns) columns for a vocabulary of \(vocabularySize)"
        }
        guard probabilityBits.count == tokenCount * columns else {
            return "distributions hold \(probabilityBits.count) values but \(tokenCount) tokens × \(columns) need \(tokenCount * columns)"
        }
        if let tokenIDs, tokenIDs.count != probabilityBits.count {
            return "distributions hold \(tokenIDs.count) token ids for \(probabilityBits.count) probabilities"
        }
        return nil
    }

    /// Row `row`'s probabilities, widened exactly from float16.
    public func probabilities(row: Int) -> [Float] {
        probabilityBits[(row * columns)..<((row + 1) * columns)].map(HalfFloat.float)
    }
}

/// IEEE binary16 ↔ Float without `Float16`, which is unavailable on some hosts.
public enum HalfFloat {
    /// The exact Float value of a binary16 bit pattern.
    public static func float(_ bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1f
        let fraction = UInt32(bits & 0x3ff)
        switch exponent {
        case 0:
            let magnitude = Float(fraction) * 0x1p-24  // subnormal (or zero): fraction × 2⁻²⁴, exact
            return sign == 0 ? magnitude : -magnitude
        case 0x1f:
            return Float(bitPattern: sign | 0x7f80_0000 | (fraction << 13))
        default:
            return Float(bitPattern: sign | (UInt32(exponent + 112) << 23) | (fraction << 13))
        }
    }
}
