/// What `nucleus cooccur` counts: candidate terms against group terms, each a name with one or
/// more surface forms.
public struct TermList: Sendable, Equatable {
    public var candidates: [Term]
    public var groups: [Term]

    public init(candidates: [Term], groups: [Term]) {
        self.candidates = candidates
        self.groups = groups
    }
}

/// A named term. It occurs wherever one of its forms occurs; several forms starting at the same
/// word count as one occurrence.
public struct Term: Sendable, Equatable {
    public var name: String
    /// Each surface form as its words (`WordScanner`), never empty.
    public var forms: [[String]]

    public init(name: String, forms: [[String]]) {
        self.name = name
        self.forms = forms
    }
}
