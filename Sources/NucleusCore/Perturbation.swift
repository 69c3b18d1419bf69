/// A small, deterministic change to a prompt's dataset text (before the technique's template is
/// applied), for studying how outputs move when the input barely does. Set on an inline technique
/// with `perturbation: NAME` (usually with `base:` naming the unperturbed technique, which the
/// reducer then compares against).
///
/// | name | change |
/// |---|---|
/// | `trailing-space` | one space appended |
/// | `lowercase` | every letter lower-cased |
/// | `no-punctuation` | every Unicode punctuation character removed |
/// | `swap-adjacent` | two adjacent letters swapped, at a position drawn by SplitMix64 seeded with the first 8 bytes of SHA-256("nucleus-perturb-v1\|<row>") among the positions i where characters i and i+1 are both letters (unchanged if there is none) |
/// | `neutral-prefix` | `"Please read the following carefully. "` put in front |
public enum Perturbation: String, CaseIterable, Codable, Sendable {
    case trailingSpace = "trailing-space"
    case lowercase
    case noPunctuation = "no-punctuation"
    case swapAdjacent = "swap-adjacent"
    case neutralPrefix = "neutral-prefix"

    public static let neutralPrefixText = "Please read the following carefully. "

    /// - Parameter row: the dataset row (`DatasetRow.index`), the seed of `swap-adjacent`.
    public func apply(to text: String, row: Int) -> String {
        switch self {
        case .trailingSpace:
            return text + " "
        case .lowercase:
            return text.lowercased()
        case .noPunctuation:
            return String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.generalCategory.isPunctuation }))
        case .swapAdjacent:
            var characters = Array(text)
            let positions = characters.indices.dropLast().filter { characters[$0].isLetter && characters[$0 + 1].isLetter }
            guard !positions.isEmpty else { return text }
            let seed = SHA256.hash("nucleus-perturb-v1|\(row)").bytes.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            var generator = SplitMix64(seed: seed)
            let position = positions[Int(generator.next() % UInt64(positions.count))]
            characters.swapAt(position, position + 1)
            return String(characters)
        case .neutralPrefix:
            return Self.neutralPrefixText + text
        }
    }
}

extension Unicode.GeneralCategory {
    var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: true
        default: false
        }
    }
}
