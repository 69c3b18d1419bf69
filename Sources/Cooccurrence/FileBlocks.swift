import Foundation

/// A file read front to back in fixed-size blocks, so a corpus of any size is read in bounded memory.
struct FileBlocks {
    let path: String
    private let handle: FileHandle
    private var atStart = true

    static let blockSize = 1 << 20

    init(path: String) throws {
        self.path = path
        if let problem = InputFileCheck.problem(readingFileAt: path) {
            throw CooccurrenceError(file: path, message: problem)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CooccurrenceError(file: path, message: "cannot be opened")
        }
        self.handle = handle
    }

    /// The next block, or nil at the end. A leading UTF-8 byte order mark is dropped.
    mutating func next() throws -> Data? {
        let block: Data?
        do {
            block = try handle.read(upToCount: Self.blockSize)
        } catch {
            throw CooccurrenceError(file: path, message: "cannot be read: \(InputFileCheck.reason(error))")
        }
        guard var block, !block.isEmpty else {
            try? handle.close()
            return nil
        }
        if atStart {
            atStart = false
            if block.starts(with: [0xEF, 0xBB, 0xBF]) { block = block.dropFirst(3) }
        }
        return block
    }
}
