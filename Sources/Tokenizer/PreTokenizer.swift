/// A piece of text between pre-tokenization steps: a slice of the scalars of one text segment.
public typealias TextPiece = ArraySlice<Unicode.Scalar>

/// Splits text into the pieces ("words") that the model encodes one at a time. Merges never cross
/// piece boundaries.
public protocol PreTokenizer: Sendable {
    /// Appends the pieces of `piece` to `output`, in order.
    func split(_ piece: TextPiece, into output: inout [TextPiece])
    /// The same, told whether `piece` begins the encoded text (HF's "original offset 0"), which
    /// Metaspace's `first` prepend scheme needs. Defaults to `split(_:into:)`.
    func split(_ piece: TextPiece, atTextStart: Bool, into output: inout [TextPiece])
}

extension PreTokenizer {
    public func split(_ piece: TextPiece, atTextStart: Bool, into output: inout [TextPiece]) {
        split(piece, into: &output)
    }

    /// The pieces of every input piece, in order.
    public func preTokenize(_ pieces: [TextPiece]) -> [TextPiece] {
        var output: [TextPiece] = []
        output.reserveCapacity(pieces.count)
        for piece in pieces { split(piece, into: &output) }
        return output
    }
}

/// Pre-tokenizer `"type"` strings of tokenizer.json that this module builds.
public enum PreTokenizerType: String, CaseIterable, Sendable {
    case byteLevel = "ByteLevel"
    case digits = "Digits"
    case split = "Split"
    case sequence = "Sequence"
    case metaspace = "Metaspace"
}

/// Applies its pre-tokenizers one after another, each to every piece the previous one produced.
/// With no steps, a piece passes whole (SentencePiece models encode each text segment as one piece).
public struct SequencePreTokenizer: PreTokenizer {
    public let steps: [any PreTokenizer]

    public init(_ steps: [any PreTokenizer]) { self.steps = steps }

    public func split(_ piece: TextPiece, into output: inout [TextPiece]) {
        split(piece, atTextStart: true, into: &output)
    }

    public func split(_ piece: TextPiece, atTextStart: Bool, into output: inout [TextPiece]) {
        var pieces = [piece]
        for step in steps {
            var next: [TextPiece] = []
            next.reserveCapacity(pieces.count)
            for (index, piece) in pieces.enumerated() {
                step.split(piece, atTextStart: atTextStart && index == 0, into: &next)
            }
            pieces = next
        }
        output.append(contentsOf: pieces)
    }
}

/// HF `ByteLevel`: optionally prefixes a space, then splits with the GPT-2 pattern when `useRegex`.
/// The byte ↔ Unicode mapping itself happens in the byte-level BPE model, which works on UTF-8 bytes.
public struct ByteLevelPreTokenizer: PreTokenizer {
    public let addPrefixSpace: Bool
    public let useRegex: Bool
    public let pattern: SplitPattern

    public init(addPrefixSpace: Bool = false, useRegex: Bool = true, pattern: SplitPattern = .gpt2) {
        self.addPrefixSpace = addPrefixSpace
        self.useRegex = useRegex
        self.pattern = pattern
    }

    public func split(_ piece: TextPiece, into output: inout [TextPiece]) {
        var piece = piece
        if addPrefixSpace, piece.first != " " { piece = TextPiece([" "] + piece) }
        guard useRegex else {
            if !piece.isEmpty { output.append(piece) }
            return
        }
        for range in pattern.matches(in: piece) { output.append(piece[range]) }
    }
}

/// HF `Digits`: isolates each number character (`individualDigits`) or each run of them.
public struct DigitsPreTokenizer: PreTokenizer {
    public let individualDigits: Bool

    public init(individualDigits: Bool) { self.individualDigits = individualDigits }

    public func split(_ piece: TextPiece, into output: inout [TextPiece]) {
        let splitter = SplitPreTokenizer(pattern: .scanner(individualDigits ? .eachNumber : .numberRuns), behavior: .isolated)
        splitter.split(piece, into: &output)
    }
}
