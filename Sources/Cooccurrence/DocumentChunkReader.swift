import Foundation

/// Reads a corpus file as chunks of documents, in file order, holding at most one chunk and one
/// file block in memory.
protocol DocumentChunkReader {
    /// The next chunk, or nil when the file is done.
    mutating func nextChunk() throws -> DocumentChunk?
}

/// The reader for a file's format.
func makeChunkReader(_ file: CorpusFile, documentLimit: Int) throws -> any DocumentChunkReader {
    switch file.format {
    case .jsonl: try JSONLChunkReader(file: file, documentLimit: documentLimit)
    case .csv: try CSVChunkReader(file: file, documentLimit: documentLimit)
    }
}

/// JSON Lines: one document per non-blank line; the JSON is decoded later, by the counting thread.
struct JSONLChunkReader: DocumentChunkReader {
    let file: CorpusFile
    private var blocks: FileBlocks
    private var buffer = Data()
    /// Where the next line starts in `buffer`.
    private var cursor = 0
    private var lineNumber = 0
    private var atEnd = false

    let documentLimit: Int

    init(file: CorpusFile, documentLimit: Int) throws {
        self.file = file
        self.documentLimit = documentLimit
        blocks = try FileBlocks(path: file.path)
    }

    mutating func nextChunk() throws -> DocumentChunk? {
        var chunk = DocumentChunk(file: file, documentLimit: documentLimit)
        while !chunk.isFull, let line = try nextLine() {
            lineNumber += 1
            guard line.contains(where: { !Self.isWhitespace($0) }) else { continue }
            chunk.append(line: lineNumber, .jsonLine(line), bytes: line.count)
        }
        return chunk.documents.isEmpty ? nil : chunk
    }

    private mutating func nextLine() throws -> Data? {
        while true {
            if let newline = buffer[cursor...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { cursor = newline + 1 }
                return Data(buffer[cursor..<newline])
            }
            if atEnd {
                guard cursor < buffer.endIndex else { return nil }
                defer { cursor = buffer.endIndex }
                return Data(buffer[cursor...])
            }
            // Keep only the unfinished line before reading on.
            buffer = Data(buffer[cursor...])
            cursor = buffer.startIndex
            if let block = try blocks.next() {
                buffer.append(block)
            } else {
                atEnd = true
            }
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

/// CSV with a header row: one document per record, the text in the column the corpus file names.
struct CSVChunkReader: DocumentChunkReader {
    let file: CorpusFile
    private var blocks: FileBlocks
    private var scanner: CSVRecordScanner
    private var records: [CSVRecordScanner.Record] = []
    private var nextRecord = 0
    private var atEnd = false
    /// A syntax error met while scanning, thrown once the records before it are read.
    private var scanError: (any Error)?
    private var header: (line: Int, count: Int, textIndex: Int)?

    let documentLimit: Int

    init(file: CorpusFile, documentLimit: Int) throws {
        self.file = file
        self.documentLimit = documentLimit
        blocks = try FileBlocks(path: file.path)
        scanner = CSVRecordScanner(file: file.path)
    }

    mutating func nextChunk() throws -> DocumentChunk? {
        var chunk = DocumentChunk(file: file, documentLimit: documentLimit)
        while !chunk.isFull, let record = try next() {
            guard let header else {
                header = try Self.header(record, file: file)
                continue
            }
            guard record.fields.count == header.count else {
                throw CooccurrenceError(
                    file: file.path, line: record.line,
                    message: "expected \(header.count) fields as in the header, got \(record.fields.count)")
            }
            let text = record.fields[header.textIndex]
            chunk.append(line: record.line, .text(text), bytes: text.utf8.count)
        }
        return chunk.documents.isEmpty ? nil : chunk
    }

    private mutating func next() throws -> CSVRecordScanner.Record? {
        while nextRecord == records.count {
            if let scanError {
                // The records completed before the bad bytes come first in the file.
                self.scanError = nil
                throw scanError
            }
            guard !atEnd else { return nil }
            records.removeAll(keepingCapacity: true)
            nextRecord = 0
            do {
                if let block = try blocks.next() {
                    try scanner.feed(block, into: &records)
                } else {
                    try scanner.finish(into: &records)
                    atEnd = true
                }
            } catch {
                scanError = error
                atEnd = true
            }
        }
        defer { nextRecord += 1 }
        return records[nextRecord]
    }

    private static func header(_ record: CSVRecordScanner.Record, file: CorpusFile) throws -> (line: Int, count: Int, textIndex: Int) {
        let names = record.fields
        if let duplicate = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) })?.element {
            throw CooccurrenceError(file: file.path, line: record.line, message: "duplicate column '\(duplicate)' in the header")
        }
        guard let index = names.firstIndex(of: file.field) else {
            throw CooccurrenceError(
                file: file.path, line: record.line,
                message: "missing column '\(file.field)' (has: \(names.sorted().joined(separator: ", ")))")
        }
        return (record.line, names.count, index)
    }
}
