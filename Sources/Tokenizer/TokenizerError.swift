/// Why a tokenizer could not be built. The message names the source (file path or "GGUF metadata")
/// and the problem on one line.
public struct TokenizerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file path, or a short name of the in-memory source such as "GGUF metadata".
    public var source: String
    /// What is wrong, e.g. `unsupported model type 'WordPiece' (supported: BPE)`.
    public var problem: String

    public init(source: String, problem: String) {
        self.source = source
        self.problem = problem
    }

    public var description: String { "\(source): \(problem)" }

    static func unsupported(_ what: String, _ value: String, supported: [String], source: String) -> TokenizerError {
        TokenizerError(
            source: source,
            problem: "unsupported \(what) '\(value)' (supported: \(supported.joined(separator: ", ")))")
    }
}
