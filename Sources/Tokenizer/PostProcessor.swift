/// Special tokens put around an encoded text (tokenizer.json `post_processor`), besides BOS/EOS,
/// which `Tokenizer.addBOS`/`addEOS` control.
public struct PostProcessor: Sendable, Equatable {
    /// Ids placed before the text.
    public var prefix: [Int32]
    /// Ids placed after the text.
    public var suffix: [Int32]

    public init(prefix: [Int32] = [], suffix: [Int32] = []) {
        self.prefix = prefix
        self.suffix = suffix
    }

    /// Adds nothing.
    public static let none = PostProcessor()
}

/// Post-processor `"type"` strings of tokenizer.json that this module builds. `ByteLevel` only trims
/// offsets, which this module does not report, so it adds nothing.
public enum PostProcessorType: String, CaseIterable, Sendable {
    case templateProcessing = "TemplateProcessing"
    case byteLevel = "ByteLevel"
    case sequence = "Sequence"
}
