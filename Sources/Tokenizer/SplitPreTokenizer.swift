/// HF `Split`: finds the matches of a pattern and cuts the text around them according to `behavior`.
public struct SplitPreTokenizer: PreTokenizer {
    /// What the text is split on.
    public enum Pattern: Sendable, Equatable {
        /// A literal string.
        case string(String)
        /// A regex that a hand-written scanner reproduces.
        case scanner(SplitPattern)
    }

    /// What happens to the matches (tokenizer.json `"behavior"`).
    public enum Behavior: String, Sendable, CaseIterable {
        case removed = "Removed"
        case isolated = "Isolated"
        case mergedWithPrevious = "MergedWithPrevious"
        case mergedWithNext = "MergedWithNext"
        case contiguous = "Contiguous"
    }

    public let pattern: Pattern
    public let behavior: Behavior
    /// Split on what does not match instead.
    public let invert: Bool

    public init(pattern: Pattern, behavior: Behavior, invert: Bool = false) {
        self.pattern = pattern
        self.behavior = behavior
        self.invert = invert
    }

    public func split(_ piece: TextPiece, into output: inout [TextPiece]) {
        guard !piece.isEmpty else { return }
        let parts = labelledParts(of: piece)
        for range in Self.apply(behavior, to: parts) { output.append(piece[range]) }
    }

    /// The piece cut into consecutive non-empty ranges, each flagged as a delimiter or not.
    private func labelledParts(of piece: TextPiece) -> [(range: Range<Int>, isDelimiter: Bool)] {
        var parts: [(range: Range<Int>, isDelimiter: Bool)] = []
        var cursor = piece.startIndex
        for match in matches(in: piece) where !match.isEmpty {
            if cursor < match.lowerBound { parts.append((cursor..<match.lowerBound, invert)) }
            parts.append((match, !invert))
            cursor = match.upperBound
        }
        if cursor < piece.endIndex { parts.append((cursor..<piece.endIndex, invert)) }
        return parts
    }

    private func matches(in piece: TextPiece) -> [Range<Int>] {
        switch pattern {
        case .scanner(let scanner): return scanner.matches(in: piece)
        case .string(let literal): return Self.literalMatches(of: Array(literal.unicodeScalars), in: piece)
        }
    }

    private static func literalMatches(of needle: [Unicode.Scalar], in piece: TextPiece) -> [Range<Int>] {
        guard !needle.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        var index = piece.startIndex
        while index + needle.count <= piece.endIndex {
            if piece[index..<(index + needle.count)].elementsEqual(needle) {
                ranges.append(index..<(index + needle.count))
                index += needle.count
            } else {
                index += 1
            }
        }
        return ranges
    }

    /// Combines delimiters with their neighbours the way HF tokenizers' `SplitDelimiterBehavior` does.
    static func apply(_ behavior: Behavior, to parts: [(range: Range<Int>, isDelimiter: Bool)]) -> [Range<Int>] {
        switch behavior {
        case .isolated:
            return parts.map(\.range)
        case .removed:
            return parts.filter { !$0.isDelimiter }.map(\.range)
        case .mergedWithPrevious:
            var result: [Range<Int>] = []
            var previousWasDelimiter = false
            for part in parts {
                if part.isDelimiter, !previousWasDelimiter, let last = result.last {
                    result[result.count - 1] = last.lowerBound..<part.range.upperBound
                } else {
                    result.append(part.range)
                }
                previousWasDelimiter = part.isDelimiter
            }
            return result
        case .mergedWithNext:
            var result: [Range<Int>] = []
            var nextWasDelimiter = false
            for part in parts.reversed() {
                if part.isDelimiter, !nextWasDelimiter, let last = result.last {
                    result[result.count - 1] = part.range.lowerBound..<last.upperBound
                } else {
                    result.append(part.range)
                }
                nextWasDelimiter = part.isDelimiter
            }
            return result.reversed()
        case .contiguous:
            var result: [Range<Int>] = []
            var previousWasDelimiter = false
            for part in parts {
                if part.isDelimiter == previousWasDelimiter, let last = result.last {
                    result[result.count - 1] = last.lowerBound..<part.range.upperBound
                } else {
                    result.append(part.range)
                }
                previousWasDelimiter = part.isDelimiter
            }
            return result
        }
    }
}
