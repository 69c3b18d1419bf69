/// HF `Metaspace` (SentencePiece tokenizers in tokenizer.json): writes every space as
/// `replacement` ("▁"), puts one `replacement` before the piece unless it already starts with one
/// (`always`; `first`: only at the start of the text; `never`), and with `split` cuts before every
/// `replacement` (a run of them stays apart: "▁▁a" → "▁", "▁a").
public struct MetaspacePreTokenizer: PreTokenizer {
    public enum PrependScheme: String, Sendable, CaseIterable {
        case always, first, never
    }

    public let replacement: Unicode.Scalar
    public let prependScheme: PrependScheme
    public let split: Bool

    public init(replacement: Unicode.Scalar = "\u{2581}", prependScheme: PrependScheme = .always, split: Bool = true) {
        self.replacement = replacement
        self.prependScheme = prependScheme
        self.split = split
    }

    public func split(_ piece: TextPiece, into output: inout [TextPiece]) {
        split(piece, atTextStart: true, into: &output)
    }

    public func split(_ piece: TextPiece, atTextStart: Bool, into output: inout [TextPiece]) {
        guard !piece.isEmpty else { return }
        var scalars = piece.map { $0 == " " ? replacement : $0 }
        let prepends = prependScheme == .always || (prependScheme == .first && atTextStart)
        if prepends, scalars.first != replacement { scalars.insert(replacement, at: 0) }
        let replaced = TextPiece(scalars)
        guard split else {
            output.append(replaced)
            return
        }
        var start = replaced.startIndex
        for index in replaced.indices.dropFirst() where replaced[index] == replacement {
            output.append(replaced[start..<index])
            start = index
        }
        output.append(replaced[start..<replaced.endIndex])
    }
}
