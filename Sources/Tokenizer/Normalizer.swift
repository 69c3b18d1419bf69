import Foundation

/// Rewrites text before pre-tokenization (Unicode normalization, case folding, replacements).
public protocol Normalizer: Sendable {
    func normalize(_ text: String) -> String
}

/// Normalizer `"type"` strings of tokenizer.json that this module builds.
public enum NormalizerType: String, CaseIterable, Sendable {
    case nfc = "NFC", nfd = "NFD", nfkc = "NFKC", nfkd = "NFKD"
    case lowercase = "Lowercase"
    case prepend = "Prepend"
    case replace = "Replace"
    case sequence = "Sequence"
}

/// One of the four Unicode normalization forms.
public struct UnicodeNormalizer: Normalizer {
    public enum Form: Sendable { case nfc, nfd, nfkc, nfkd }
    public let form: Form

    public init(_ form: Form) { self.form = form }

    public func normalize(_ text: String) -> String {
        switch form {
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        }
    }
}

/// HF `Lowercase`.
public struct LowercaseNormalizer: Normalizer {
    public init() {}
    public func normalize(_ text: String) -> String { text.lowercased() }
}

/// HF `Prepend`: puts `prefix` before non-empty text.
public struct PrependNormalizer: Normalizer {
    public let prefix: String
    public init(prefix: String) { self.prefix = prefix }
    public func normalize(_ text: String) -> String { text.isEmpty ? text : prefix + text }
}

/// HF `Replace` with a literal string pattern.
public struct ReplaceNormalizer: Normalizer {
    public let pattern: String
    public let replacement: String
    public init(pattern: String, replacement: String) {
        self.pattern = pattern
        self.replacement = replacement
    }
    public func normalize(_ text: String) -> String {
        pattern.isEmpty ? text : text.replacingOccurrences(of: pattern, with: replacement, options: .literal)
    }
}

/// Applies its normalizers in order.
public struct SequenceNormalizer: Normalizer {
    public let steps: [any Normalizer]
    public init(_ steps: [any Normalizer]) { self.steps = steps }
    public func normalize(_ text: String) -> String { steps.reduce(text) { $1.normalize($0) } }
}
