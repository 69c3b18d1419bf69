/// The per-token columns: the one list of what Nucleus records about each generated token. The
/// unit-file writer, reader and validation (`/tokens/<name>` datasets), `nucleus generate --json`
/// and the README's column table are all made from `TokenColumn.all`.
///
/// Adding a column: compute its value into a `TokenStatistic` field, then add one entry below
/// (and to `all`). Its file type, shape, description and JSON key follow from the entry;
/// `README.md`'s table is checked against `markdownTable` by a test.
public struct TokenColumn: Sendable {
    /// How the column is stored in HDF5 (little-endian).
    public enum Element: String, Sendable {
        case int32, float32, float64
    }

    /// An axis of a column after the token axis, with the extent a file records for it.
    public enum Dimension: String, Sendable {
        /// K, the analysis `top_k` (root attribute `top_k`).
        case topK = "K"
        /// L, the model's layers (attention columns, whose shape the datasets themselves record).
        case layers = "L"
        /// H, the attention heads per layer.
        case heads = "H"
    }

    /// One token's value of a column: one number, or one row over the trailing dimensions.
    public enum Value: Sendable {
        case integer(Int)
        case real(Double)
        /// A row shorter than its extent is padded with -1 when stored.
        case integers([Int])
        /// A row shorter than its extent is padded with NaN when stored.
        case reals([Double])
    }

    /// Dataset name in `/tokens` and key in `nucleus generate --json`.
    public let name: String
    public let element: Element
    /// Axes after the token axis N: none for one value per token; `[.topK]` for N × K.
    public let trailing: [Dimension]
    /// The dataset's `description` attribute.
    public let description: String
    /// The dataset's `units` attribute; empty (and no attribute) when dimensionless.
    public let units: String
    /// This column's value of one token.
    public let value: @Sendable (TokenStatistic) -> Value

    public init(_ name: String, _ element: Element, trailing: [Dimension] = [], units: String = "",
                _ description: String, value: @escaping @Sendable (TokenStatistic) -> Value) {
        self.name = name
        self.element = element
        self.trailing = trailing
        self.units = units
        self.description = description
        self.value = value
    }

    /// Shape in the file, e.g. "N" or "N × K".
    public var shapeText: String {
        (["N"] + trailing.map(\.rawValue)).joined(separator: " × ")
    }
}

extension TokenColumn {
    public static let tokenID = TokenColumn(
        "token_id", .int32, "sampled token id") { .integer(Int($0.tokenId)) }
    public static let logprob = TokenColumn(
        "logprob", .float64, units: "nats", "ln p(sampled token) under softmax of the raw logits") { .real($0.logprob) }
    public static let rank = TokenColumn(
        "rank", .int32, "1-based rank of the sampled token in p") { .integer($0.rank) }
    public static let entropy = TokenColumn(
        "entropy", .float64, units: "nats", "entropy of p over the full vocabulary") { .real($0.entropy) }
    public static let varentropy = TokenColumn(
        "varentropy", .float64, units: "nats^2", "variance of surprisal under p") { .real($0.varentropy) }
    public static let nucleusSize = TokenColumn(
        "nucleus_size", .int32, "smallest number of top tokens whose mass reaches the analysis top_p") { .integer($0.nucleusSize) }
    public static let nucleusMass = TokenColumn(
        "nucleus_mass", .float64, "probability mass of the nucleus") { .real($0.nucleusMass) }
    public static let nucleusEntropy = TokenColumn(
        "nucleus_entropy", .float64, units: "nats", "entropy of the renormalised nucleus") { .real($0.nucleusEntropy) }
    public static let nucleusCosine = TokenColumn(
        "nucleus_cosine", .float64,
        "mean pairwise cosine of nucleus input embeddings; NaN when the nucleus has one token") { .real($0.nucleusCosine) }
    public static let nucleusCosineWeighted = TokenColumn(
        "nucleus_cosine_weighted", .float64,
        "probability-weighted mean pairwise cosine of nucleus input embeddings") { .real($0.nucleusCosineWeighted) }
    public static let topkIDs = TokenColumn(
        "topk_ids", .int32, trailing: [.topK],
        "ids of the K most probable tokens, most probable first (N x K)") { .integers($0.topkIds.map(Int.init)) }
    public static let topkLogprobs = TokenColumn(
        "topk_logprobs", .float32, trailing: [.topK], units: "nats",
        "ln p of the K most probable tokens (N x K)") { .reals($0.topkLogprobs) }

    /// Every column, in file order.
    public static let all: [TokenColumn] = [
        tokenID, logprob, rank, entropy, varentropy, nucleusSize, nucleusMass, nucleusEntropy, nucleusCosine,
        nucleusCosineWeighted, topkIDs, topkLogprobs,
    ]

    /// The README's column table (Markdown), rendered from `all` and `attention`.
    public static var markdownTable: String {
        var lines = ["| column | type | shape | units | description |", "|---|---|---|---|---|"]
        for column in all + attention {
            lines.append("| `\(column.name)` | \(column.element.rawValue) | \(column.shapeText) | \(column.units.isEmpty ? "—" : column.units) | \(column.description) |")
        }
        return lines.joined(separator: "\n")
    }
}
