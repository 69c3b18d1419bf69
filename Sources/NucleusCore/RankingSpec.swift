/// The `ranking:` block of a `task: rank` dataset: where the slot values and the candidates come
/// from, and what joins a filled template to a candidate. The dataset's `path` is the templates
/// file (CSV with columns `id` and `template`).
public struct RankingSpec: Codable, Sendable, Equatable {
    /// CSV with columns `slot`, `value`, `form`: one row per surface form of a slot value (e.g.
    /// `group,female,woman`). Absolute after `JobSpec.load`.
    public var slots: String
    /// A CSV file with a `candidate` column, or the candidates written in the job file.
    public var candidates: CandidateList
    /// Put between the filled template and the candidate; the candidate's tokens are those that
    /// follow the template's own tokens in `template + separator + candidate`.
    public var separator: String

    public static let defaultSeparator = " "

    public init(slots: String, candidates: CandidateList, separator: String = RankingSpec.defaultSeparator) {
        self.slots = slots
        self.candidates = candidates
        self.separator = separator
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case slots, candidates, separator
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        slots = try container.decode(String.self, forKey: .slots)
        candidates = try container.decode(CandidateList.self, forKey: .candidates)
        separator = try container.decodeIfPresent(String.self, forKey: .separator) ?? Self.defaultSeparator
    }
}

/// Candidates of a ranking: a file, or a list written in the job file.
public enum CandidateList: Codable, Sendable, Equatable {
    /// A `.csv` file with a `candidate` column (absolute after `JobSpec.load`).
    case file(String)
    case inline([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let path = try? container.decode(String.self) {
            self = .file(path)
        } else {
            self = .inline(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .file(let path): try container.encode(path)
        case .inline(let names): try container.encode(names)
        }
    }
}
