import NucleusCore

/// Names of HDF5 schema v1 (DESIGN §5), shared by the writer and the reader; the per-token
/// datasets are `TokenColumn.all`.
enum UnitFileSchema {
    static let version: Int64 = 1

    static let promptsGroup = "prompts"
    /// Per prompt: why it failed ("" unless `finish_reason` is "error"). Files written before it
    /// existed have none, and read as "" throughout.
    static let promptError = "error"
    /// Per prompt: the dataset's grouping label ("" when none). Files written before it existed
    /// have none, and read as "" throughout.
    static let promptLabel = "label"
    static let tokensGroup = "tokens"

    /// Describes the `token_checksum` root attribute so any reader can recompute it.
    static let checksumAlgorithm =
        "FNV-1a 64 over /tokens/token_id as int32 little-endian, then /prompts/token_offset as int64 little-endian"
}

/// FNV-1a, 64-bit: a checksum cheap enough to recompute on every resume scan.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<T: FixedWidthInteger>(littleEndian values: [T]) {
        for element in values {
            var remaining = element  // low byte first: little-endian order on any host
            for _ in 0..<MemoryLayout<T>.size {
                value = (value ^ UInt64(truncatingIfNeeded: remaining & 0xff)) &* 0x0000_0100_0000_01b3
                remaining >>= 8
            }
        }
    }

    /// The unit-file checksum over token ids and ragged offsets (see `UnitFileSchema.checksumAlgorithm`).
    static func unitChecksum(tokenIDs: [Int32], tokenOffsets: [Int64]) -> UInt64 {
        var hash = FNV1a64()
        hash.add(littleEndian: tokenIDs)
        hash.add(littleEndian: tokenOffsets)
        return hash.value
    }
}

extension TokenColumn {
    /// The dataset shape of this column for `tokens` tokens: N, then each trailing extent.
    func shape(tokens: Int, extent: (Dimension) -> Int) -> [Int] {
        [tokens] + trailing.map(extent)
    }
}
