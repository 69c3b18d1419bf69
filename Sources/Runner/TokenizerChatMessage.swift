import Tokenizer

// The module and its main type are both named `Tokenizer`, so `Tokenizer.ChatMessage` cannot name the
// module's message type where Prompts' `ChatMessage` is also visible. This file imports only Tokenizer.
extension Tokenizer {
    typealias ChatMessageOfTokenizer = ChatMessage
}
