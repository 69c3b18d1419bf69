/// Why a sequence stopped generating. Raw values are what the unit files store.
public enum FinishReason: String, Codable, Sendable, CaseIterable {
    /// An end-of-sequence token was generated (it is part of the generated tokens).
    case eos
    /// A stop string appeared in the decoded completion.
    case stop
    /// The maximum number of new tokens was reached.
    case length
    /// The prompt could not be generated (empty, longer than the context allows, or a failure while
    /// sampling); the sequence has no tokens and `GeneratedSequence.error` says why.
    case error
}

/// The outcome of a stop check that ends the sequence.
public struct StopDecision: Sendable, Equatable {
    public var reason: FinishReason
    /// For `.stop`: the UTF-8 byte offset in the completion text where the matched stop string starts
    /// (keep `text.utf8.prefix(cutUTF8Offset)` to drop it); nil for other reasons.
    public var cutUTF8Offset: Int?
    /// For `.stop`: the stop string that matched.
    public var matchedStopString: String?

    public init(reason: FinishReason, cutUTF8Offset: Int? = nil, matchedStopString: String? = nil) {
        self.reason = reason
        self.cutUTF8Offset = cutUTF8Offset
        self.matchedStopString = matchedStopString
    }
}

/// When to stop one sequence: an EOS token, a stop string in the decoded completion, or a length cap.
/// Checked after each new token, with priority eos > stop > length.
public struct StopRule: Sendable, Hashable, Codable {
    public var eosTokenIds: Set<Int32>
    /// Non-empty strings matched byte-wise against the decoded completion (not the prompt).
    public var stopStrings: [String]
    public var maxNewTokens: Int

    /// Empty stop strings are dropped (they would match everywhere).
    public init(eosTokenIds: Set<Int32>, stopStrings: [String] = [], maxNewTokens: Int) throws {
        guard maxNewTokens >= 1 else { throw GenerationError("stop rule", "max new tokens must be ≥ 1, got \(maxNewTokens)") }
        self.eosTokenIds = eosTokenIds
        self.stopStrings = stopStrings.filter { !$0.isEmpty }
        self.maxNewTokens = maxNewTokens
    }

    /// The decision after token `newToken` made the completion `generatedCount` tokens long and its
    /// decoded text `text`; nil to continue. Matches that start before `searchFromUTF8Offset` minus the
    /// longest stop string are not looked for: pass the text length of the previous check to keep each
    /// check proportional to the new text (0, the default, searches everything). A stop string found
    /// reports the earliest match (the first listed string on a tie).
    public func check(newToken: Int32, generatedCount: Int, text: String, searchFromUTF8Offset: Int = 0) -> StopDecision? {
        if eosTokenIds.contains(newToken) { return StopDecision(reason: .eos) }
        if let match = firstStopMatch(in: text, from: searchFromUTF8Offset) {
            return StopDecision(reason: .stop, cutUTF8Offset: match.offset, matchedStopString: match.string)
        }
        if generatedCount >= maxNewTokens { return StopDecision(reason: .length) }
        return nil
    }

    /// The earliest occurrence of a stop string that ends at or after byte `from` of `text`.
    public func firstStopMatch(in text: String, from: Int = 0) -> (offset: Int, string: String)? {
        guard !stopStrings.isEmpty else { return nil }
        let longest = stopStrings.map(\.utf8.count).max() ?? 0
        let start = max(0, min(from, text.utf8.count) - longest + 1)
        let search = { (haystack: UnsafeBufferPointer<UInt8>) -> (offset: Int, string: String)? in
            var best: (offset: Int, string: String)?
            for candidate in stopStrings {
                let needle = Array(candidate.utf8)
                guard needle.count <= haystack.count else { continue }
                var offset = start
                while offset + needle.count <= haystack.count, best.map({ offset < $0.offset }) ?? true {
                    if haystack[offset] == needle[0] && needle.indices.allSatisfy({ haystack[offset + $0] == needle[$0] }) {
                        best = (offset, candidate)
                        break
                    }
                    offset += 1
                }
            }
            return best
        }
        if let found = text.utf8.withContiguousStorageIfAvailable(search) { return found }
        return Array(text.utf8).withUnsafeBufferPointer(search)
    }
}
