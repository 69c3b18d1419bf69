/// One corpus file and where its documents' text is: a JSON Lines file (one object per line, the
/// text in `field`) or a CSV file with a header (the text in column `field`).
public struct CorpusFile: Sendable, Equatable {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public var path: String
    public var format: Format
    public var field: String

    public init(path: String, format: Format, field: String) {
        self.path = path
        self.format = format
        self.field = field
    }

    /// The format a file name implies: `.csv` is CSV, `.jsonl` and `.ndjson` are JSON Lines (a `.json`
    /// file is more often one JSON document, so it needs `--format jsonl`).
    public static func format(ofPath path: String) -> Format? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return .csv }
        if [".jsonl", ".ndjson"].contains(where: { lowered.hasSuffix($0) }) { return .jsonl }
        return nil
    }
}
