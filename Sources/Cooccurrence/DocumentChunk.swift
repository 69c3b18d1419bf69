import Foundation

/// A run of consecutive documents of one corpus file, the unit handed to a counting thread.
struct DocumentChunk: Sendable {
    /// A document as read: its text, or a JSON line whose text field is decoded by the counting
    /// thread (so JSON parsing runs in parallel too).
    enum Payload: Sendable {
        case text(String)
        case jsonLine(Data)
    }

    struct Document: Sendable {
        /// 1-based line where the document starts.
        let line: Int
        let payload: Payload
    }

    let file: CorpusFile
    var documents: [Document] = []
    /// Bytes of text held, to bound a chunk's memory.
    var bytes = 0
    /// The chunk closes at this many documents (or at `byteLimit` bytes), whichever comes first.
    let documentLimit: Int

    init(file: CorpusFile, documentLimit: Int) {
        self.file = file
        self.documentLimit = documentLimit
    }

    mutating func append(line: Int, _ payload: Payload, bytes: Int) {
        documents.append(Document(line: line, payload: payload))
        self.bytes += bytes
    }

    static let byteLimit = 1 << 20

    var isFull: Bool { bytes >= Self.byteLimit || documents.count >= documentLimit }

    /// The text of a document, decoding a JSON line.
    func text(of document: Document) throws -> String {
        switch document.payload {
        case .text(let text):
            return text
        case .jsonLine(let data):
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                throw CooccurrenceError(file: file.path, line: document.line, message: "invalid JSON")
            }
            guard let fields = object as? [String: Any] else {
                throw CooccurrenceError(file: file.path, line: document.line, message: "expected a JSON object on this line")
            }
            guard let value = fields[file.field] else {
                throw CooccurrenceError(
                    file: file.path, line: document.line,
                    message: "missing field '\(file.field)' (has: \(fields.keys.sorted().joined(separator: ", ")))")
            }
            guard !(value is NSNull) else {
                throw CooccurrenceError(file: file.path, line: document.line, message: "field '\(file.field)' is null")
            }
            guard let text = value as? String else {
                throw CooccurrenceError(file: file.path, line: document.line, message: "field '\(file.field)' is not text")
            }
            return text
        }
    }
}
