/// A token matched in raw text before pre-tokenization (tokenizer.json `added_tokens`, GGUF control
/// and user-defined tokens), e.g. `<|im_start|>`.
public struct AddedToken: Sendable, Equatable {
    public var id: Int32
    public var content: String
    /// Special tokens are dropped by `decode(_:skipSpecialTokens: true)`.
    public var special: Bool
    /// Absorb whitespace on the left / right of the match into the token.
    public var leftStrip: Bool
    public var rightStrip: Bool

    public init(id: Int32, content: String, special: Bool, leftStrip: Bool = false, rightStrip: Bool = false) {
        self.id = id
        self.content = content
        self.special = special
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
    }
}

/// A run of the text: either ordinary text to pre-tokenize or an added token already identified.
enum TextSegment: Equatable {
    case text(Range<Int>)
    case token(Int32)
}

/// Finds added tokens in text, leftmost-longest (HF tokenizers' Aho-Corasick with `LeftmostLongest`,
/// llama.cpp's special-token partition with `parse_special`), with a trie over Unicode scalars.
struct AddedTokenMatcher: Sendable {
    private struct Node: Sendable {
        var children: [Unicode.Scalar: Int32] = [:]
        /// Index into `tokens` of the token ending here, or -1.
        var tokenIndex: Int32 = -1
    }

    private var nodes = [Node()]
    private let tokens: [AddedToken]

    init(tokens: [AddedToken]) {
        self.tokens = tokens
        for (index, token) in tokens.enumerated() where !token.content.isEmpty {
            var node = 0
            for scalar in token.content.unicodeScalars {
                if let child = nodes[node].children[scalar] {
                    node = Int(child)
                } else {
                    nodes.append(Node())
                    nodes[node].children[scalar] = Int32(nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            nodes[node].tokenIndex = Int32(index)
        }
    }

    var isEmpty: Bool { nodes.count == 1 }

    /// Cuts `scalars` into text runs and added tokens. With `includeSpecial` false, special tokens
    /// are left in the text (HF `split_special_tokens`); non-special added tokens are always matched.
    func segments(of scalars: [Unicode.Scalar], includeSpecial: Bool) -> [TextSegment] {
        guard !isEmpty else { return scalars.isEmpty ? [] : [.text(0..<scalars.count)] }
        var segments: [TextSegment] = []
        var textStart = 0
        var position = 0
        while position < scalars.count {
            guard let (token, end) = longestMatch(in: scalars, at: position, includeSpecial: includeSpecial) else {
                position += 1
                continue
            }
            var textEnd = position
            if token.leftStrip {
                while textEnd > textStart, scalars[textEnd - 1].properties.isWhitespace { textEnd -= 1 }
            }
            if textStart < textEnd { segments.append(.text(textStart..<textEnd)) }
            segments.append(.token(token.id))
            position = end
            if token.rightStrip {
                while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
            }
            textStart = position
        }
        if textStart < scalars.count { segments.append(.text(textStart..<scalars.count)) }
        return segments
    }

    private func longestMatch(in scalars: [Unicode.Scalar], at start: Int, includeSpecial: Bool) -> (AddedToken, Int)? {
        var node = 0
        var best: (AddedToken, Int)?
        var position = start
        while position < scalars.count, let child = nodes[node].children[scalars[position]] {
            node = Int(child)
            position += 1
            let index = nodes[node].tokenIndex
            if index >= 0, includeSpecial || !tokens[Int(index)].special {
                best = (tokens[Int(index)], position)
            }
        }
        return best
    }
}
