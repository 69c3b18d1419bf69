import ArgumentParser
import Cooccurrence
import Foundation

struct CooccurCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooccur",
        abstract: "Count how often candidate terms and group terms occur within W words of each other in a corpus.",
        discussion: """
            Words are maximal runs of letters, digits and apostrophes, lower-cased; a term's surface form \
            occurs where its words appear consecutively. For each window W, count(candidate, group) is the \
            number of pairs (candidate occurrence, group occurrence) in the same document whose first words \
            are at most W words apart (DESIGN §10).

            Corpus files are JSON Lines (.jsonl, .ndjson: one object per line) or CSV with a header \
            (.csv), or as --format says; each line or record is one document, its text in --field (one \
            --field for all files, or one per file in order).

            The terms file (YAML) lists candidates and groups, each a name with optional surface forms:
              candidates:
                - {name: diabetes, forms: [diabetes, diabetic]}
                - asthma
              groups:
                - {name: women, forms: [woman, women, female]}

            Writes into --output: counts_w<W>.csv per window (rows candidates, columns groups, first \
            column `candidate`: what `nucleus reduce --compare-ranking` reads), counts_long.csv (long form) \
            and occurrences.csv. The corpus is streamed in chunks counted on --threads threads; the \
            counts do not depend on the thread count.

            Example:  nucleus cooccur data/xsum/test.jsonl --field document --terms terms.yaml \
            --window 10,50,250 --output results/cooccur
            """)

    @Argument(help: ArgumentHelp("Corpus files (JSON Lines or CSV).", valueName: "corpus"))
    var corpus: [String]

    @Option(name: .long, help: ArgumentHelp("YAML file of candidates and groups with their surface forms.", valueName: "path"))
    var terms: String

    @Option(name: .long, help: ArgumentHelp("Windows W in words, comma-separated (repeatable).", valueName: "10,50,250"))
    var window: [String]

    @Option(name: .long, help: ArgumentHelp("Output folder (created when missing).", valueName: "dir"))
    var output: String

    @Option(name: .long, help: ArgumentHelp(
        "JSON field or CSV column holding the text: once for every file, or once per file in order.", valueName: "name"))
    var field: [String] = ["text"]

    @Option(name: .long, help: ArgumentHelp("Corpus format, when the file names do not say it.", valueName: "jsonl|csv"))
    var format: CorpusFile.Format?

    @Option(name: .long, parsing: .unconditional, help: "Counting threads (the default is every core of this machine).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard !corpus.isEmpty else { throw ValidationError("give at least one corpus file") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard field.count == 1 || field.count == corpus.count else {
            throw ValidationError("--field: give one for every file or one per file (\(corpus.count) files, \(field.count) fields)")
        }
        _ = try windows()
    }

    func run() throws {
        let terms = try TermList.load(path: terms)
        let files = try corpus.enumerated().map { index, path in
            guard let format = format ?? CorpusFile.format(ofPath: path) else {
                throw ValidationError("\(path): cannot tell the format from the name; give --format jsonl or --format csv")
            }
            return CorpusFile(path: path, format: format, field: field.count == 1 ? field[0] : field[index])
        }
        let count = CooccurrenceCount(files: files, terms: terms, windows: try windows(), threads: threads)
        let tally = try count.run()
        let paths = try CountsTables(terms: terms, tally: tally).write(to: output)
        print("counted \(tally.documents) documents (\(tally.words) words) in \(files.count) file(s): "
              + "\(terms.candidates.count) candidates × \(terms.groups.count) groups, windows \(count.windows.map(String.init).joined(separator: ", "))")
        for path in paths { print("wrote \(path)") }
    }

    private func windows() throws -> [Int] {
        let values = window.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.isEmpty else { throw ValidationError("--window: give at least one window") }
        return try values.map { text in
            guard let value = Int(text), value >= 0 else {
                throw ValidationError("--window: '\(text)' is not a whole number of words ≥ 0")
            }
            return value
        }
    }
}

extension CorpusFile.Format: ExpressibleByArgument {}
