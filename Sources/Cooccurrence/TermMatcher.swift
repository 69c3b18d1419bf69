/// Finds where the terms of a `TermList` occur in a document. Immutable after construction, so one
/// matcher serves every counting thread.
///
/// Term indices: candidates first (0..<candidateCount), then groups.
public struct TermMatcher: Sendable {
    public let candidateCount: Int
    public let groupCount: Int
    /// Every word of every form, numbered; other words of a document are `unknownWord`.
    private let wordIDs: [[UInt8]: Int32]
    /// Forms by their first word: the form's words and the term it belongs to.
    private let formsByFirstWord: [Int32: [(words: [Int32], term: Int)]]

    static let unknownWord: Int32 = -1

    public init(_ terms: TermList) {
        candidateCount = terms.candidates.count
        groupCount = terms.groups.count
        var wordIDs: [[UInt8]: Int32] = [:]
        var formsByFirstWord: [Int32: [(words: [Int32], term: Int)]] = [:]
        for (index, term) in (terms.candidates + terms.groups).enumerated() {
            for form in term.forms {
                let ids = form.map { text in
                    let word = Array(text.utf8)
                    if let id = wordIDs[word] { return id }
                    let id = Int32(wordIDs.count)
                    wordIDs[word] = id
                    return id
                }
                if let first = ids.first { formsByFirstWord[first, default: []].append((ids, index)) }
            }
        }
        self.wordIDs = wordIDs
        self.formsByFirstWord = formsByFirstWord
    }

    public var termCount: Int { candidateCount + groupCount }

    /// The document's words, each as its id among the terms' words (or `unknownWord`).
    func wordIDs(of text: String) -> [Int32] {
        var ids: [Int32] = []
        WordScanner.forEachWord(in: text) { ids.append(wordIDs[$0] ?? Self.unknownWord) }
        return ids
    }

    /// For each term, the ascending word positions where one of its forms starts (a position
    /// once, however many of the term's forms start there).
    func occurrences(inWordIDs ids: [Int32]) -> [[Int]] {
        var positions = [[Int]](repeating: [], count: termCount)
        for start in ids.indices {
            guard ids[start] != Self.unknownWord, let forms = formsByFirstWord[ids[start]] else { continue }
            for form in forms where positions[form.term].last != start && Self.matches(form.words, ids, at: start) {
                positions[form.term].append(start)
            }
        }
        return positions
    }

    private static func matches(_ form: [Int32], _ ids: [Int32], at start: Int) -> Bool {
        guard start + form.count <= ids.count else { return false }
        for offset in 1..<form.count where ids[start + offset] != form[offset] { return false }
        return true
    }
}
