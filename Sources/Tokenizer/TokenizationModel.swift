/// Turns one pre-tokenized piece into token ids.
public protocol TokenizationModel: Sendable {
    /// Appends the ids of `piece` (its UTF-8 bytes) to `ids`.
    func encode(_ piece: [UInt8], into ids: inout [Int32])
}

/// Model `"type"` strings of tokenizer.json that this module builds.
public enum ModelType: String, CaseIterable, Sendable {
    /// Byte-level BPE (GPT-2 style), or SentencePiece-style BPE ("▁" for spaces, byte fallback).
    case bpe = "BPE"
}
