import Foundation
import NucleusCore

/// The lines of a journal that could be read, and what could not.
public struct JournalContents: Sendable, Equatable {
    public var entries: [JournalEntry]
    /// 1-based numbers of lines that are not valid entries (e.g. a torn line later appended to).
    public var skippedLines: [Int]
    /// The file ends without a newline: its last append was cut short (a crash) and is ignored.
    public var hasTornTail: Bool
}

/// Append-only `journal.tsv`. Several processes on one filesystem may append at once: each entry
/// is one `write(2)` of one line to a descriptor opened with O_APPEND, then fsynced, so lines
/// never interleave. Nothing is ever rewritten.
public struct Journal: Sendable {
    public let url: URL

    public init(url: URL) { self.url = url }

    /// Appends one line. The first append also writes the column header; an append after a torn
    /// line first ends that line, so the damage stays confined to it.
    public func append(_ entry: JournalEntry) throws {
        let path = url.path
        let descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PosixFile.ioError(path, "cannot open the journal") }
        defer { close(descriptor) }
        var text = ""
        switch try lastByte(descriptor, path) {
        case nil: text += JournalLineFormat.headerLine + "\n"
        case UInt8(ascii: "\n"): break
        default: text += "\n"
        }
        text += JournalLineFormat.line(entry) + "\n"
        try writeAll(Array(text.utf8), descriptor, path)
        guard fsync(descriptor) == 0 else { throw PosixFile.ioError(path, "fsync of the journal failed") }
    }

    /// Reads every entry; a missing journal reads as empty.
    public func read() throws -> JournalContents {
        guard FileManager.default.fileExists(atPath: url.path) else {
            return JournalContents(entries: [], skippedLines: [], hasTornTail: false)
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw StoreError(.io, path: url.path, "cannot read the journal: \(SystemErrorText.reason(error))")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let hasTornTail = !(lines.last?.isEmpty ?? true)
        lines.removeLast()  // the empty remainder after the final newline, or the torn line
        var entries: [JournalEntry] = []
        var skipped: [Int] = []
        for (index, line) in lines.enumerated() where !line.isEmpty && line != JournalLineFormat.headerLine[...] {
            if let entry = JournalLineFormat.entry(line) { entries.append(entry) } else { skipped.append(index + 1) }
        }
        return JournalContents(entries: entries, skippedLines: skipped, hasTornTail: hasTornTail)
    }

    /// The file's last byte, or nil when it is empty.
    private func lastByte(_ descriptor: Int32, _ path: String) throws -> UInt8? {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw PosixFile.ioError(path, "cannot stat the journal") }
        guard status.st_size > 0 else { return nil }
        var byte: UInt8 = 0
        guard pread(descriptor, &byte, 1, status.st_size - 1) == 1 else { throw PosixFile.ioError(path, "cannot read the journal") }
        return byte
    }

    private func writeAll(_ bytes: [UInt8], _ descriptor: Int32, _ path: String) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw PosixFile.ioError(path, "cannot append to the journal")
            }
            written += result
        }
    }
}
