import Foundation

/// The files `nucleus cooccur` writes into its output folder:
///
/// - `counts_w<W>.csv` for each window W: one row per candidate, one column per group, first
///   column `candidate` (the table `nucleus reduce --compare-ranking` reads);
/// - `counts_long.csv`: the same numbers in long form, `window,candidate,group,count`;
/// - `occurrences.csv`: `kind,term,occurrences`, how often each candidate and group occurs at all.
///
/// Each file is written under a temporary name and renamed once all are written, so a failed run
/// leaves no half-written table.
public struct CountsTables {
    public let terms: TermList
    public let tally: CooccurrenceTally

    public init(terms: TermList, tally: CooccurrenceTally) {
        self.terms = terms
        self.tally = tally
    }

    /// File name → contents.
    public var files: [(name: String, text: String)] {
        tally.windows.indices.map { (Self.wideName(window: tally.windows[$0]), wide(window: $0)) }
            + [("counts_long.csv", long), ("occurrences.csv", occurrences)]
    }

    public static func wideName(window: Int) -> String { "counts_w\(window).csv" }

    /// Writes every file into `folder` (created when missing); returns their paths.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        let directory = URL(fileURLWithPath: folder)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw CooccurrenceError(file: folder, message: "the output folder is a file")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CooccurrenceError(file: folder, message: "cannot create the output folder: \(InputFileCheck.reason(error))")
        }
        var written: [(temporary: URL, final: URL)] = []
        do {
            for file in files {
                let final = directory.appendingPathComponent(file.name)
                let temporary = directory.appendingPathComponent(".\(file.name).\(ProcessInfo.processInfo.processIdentifier).tmp")
                written.append((temporary, final))
                try Data(file.text.utf8).write(to: temporary)
            }
            for file in written where rename(file.temporary.path, file.final.path) != 0 {
                throw CooccurrenceError(file: file.final.path, message: "cannot rename into place (\(String(cString: strerror(errno))))")
            }
        } catch {
            for file in written { try? FileManager.default.removeItem(at: file.temporary) }
            if let error = error as? CooccurrenceError { throw error }
            throw CooccurrenceError(file: folder, message: "cannot write the counts: \(InputFileCheck.reason(error))")
        }
        return written.map(\.final.path)
    }

    func wide(window: Int) -> String {
        var text = (["candidate"] + terms.groups.map(\.name)).map(Self.field).joined(separator: ",") + "\n"
        for (candidate, term) in terms.candidates.enumerated() {
            let counts = terms.groups.indices.map { String(tally.count(window: window, candidate: candidate, group: $0)) }
            text += ([Self.field(term.name)] + counts).joined(separator: ",") + "\n"
        }
        return text
    }

    var long: String {
        var text = "window,candidate,group,count\n"
        for (window, width) in tally.windows.enumerated() {
            for (candidate, candidateTerm) in terms.candidates.enumerated() {
                for (group, groupTerm) in terms.groups.enumerated() {
                    let count = tally.count(window: window, candidate: candidate, group: group)
                    text += "\(width),\(Self.field(candidateTerm.name)),\(Self.field(groupTerm.name)),\(count)\n"
                }
            }
        }
        return text
    }

    var occurrences: String {
        var text = "kind,term,occurrences\n"
        for (index, term) in terms.candidates.enumerated() {
            text += "candidate,\(Self.field(term.name)),\(tally.occurrences[index])\n"
        }
        for (index, term) in terms.groups.enumerated() {
            text += "group,\(Self.field(term.name)),\(tally.occurrences[terms.candidates.count + index])\n"
        }
        return text
    }

    /// A CSV field, quoted when it holds a separator, quote, line break or edge space.
    static func field(_ value: String) -> String {
        let needsQuotes = value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
            || value.first == " " || value.last == " "
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
