extension Tokenizer {
    /// Ids of a prompt rendered by `ChatTemplate.render`, with exactly one BOS when the model wants
    /// one: when the text already starts with the BOS token's text (Llama 3, Mistral, DeepSeek and
    /// Gemma templates write it), that is the BOS and none is added; otherwise (ChatML) the text is
    /// encoded like any other, with BOS per `addBOS`. EOS is never appended to a chat prompt.
    public func encodeChatPrompt(_ text: String) -> [Int32] {
        if let bosID, let bosText = token(bosID), text.hasPrefix(bosText) {
            return encode(text, addSpecialTokens: false)
        }
        var withoutEOS = self
        withoutEOS.addEOS = false
        return withoutEOS.encode(text)
    }
}
