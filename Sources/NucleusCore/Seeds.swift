/// Keys of the per-sequence random streams.
///
/// A stream key is the first 8 bytes (big-endian) of SHA-256 over the UTF-8 text
/// `"nucleus-seed-v1|<seed>|<model>|<dataset>|<technique>|<sample>|<row>|<attempt>"` with
/// decimal numbers; a cell of a settings block has `|<settings>` after `<technique>`, so two
/// blocks never share a stream (and single-block jobs keep theirs). SHA-256 makes keys of neighbouring rows unrelated, and the text form makes
/// them identical on every platform and independent of rank counts or scheduling order.
public enum Seeds {
    /// - Parameters:
    ///   - row: the dataset row (`DatasetRow.index`: position in the file, not in the unit).
    ///   - attempt: the attempt number of the unit file (1 for the first run); reruns draw fresh streams.
    public static func streamKey(jobSeed: UInt64, cell: CellKey, row: Int, attempt: Int) -> UInt64 {
        let settingsPart = cell.settings.map { "|\($0)" } ?? ""
        let text = "nucleus-seed-v1|\(jobSeed)|\(cell.model)|\(cell.dataset)|\(cell.technique)\(settingsPart)"
            + "|\(cell.sample)|\(row)|\(attempt)"
        return SHA256.hash(text).bytes.prefix(8).reduce(0) { ($0 << 8) | UInt64($1) }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator for reproducible draws such as
/// few-shot exemplar selection. Not for sampling tokens (that uses counter-based streams).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
