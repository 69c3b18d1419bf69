import Dispatch
import Foundation

/// Counts term co-occurrences over corpus files (DESIGN §10 "Co-occurrence"): for each window W,
/// count(candidate, group) = the number of pairs (candidate occurrence, group-term occurrence) in
/// the same document whose first-word positions differ by at most W.
///
/// Streams: each file is read in chunks of documents; up to `threads` × 2 chunks are read, counted
/// in parallel and added up before the next are read, so memory stays bounded whatever the corpus
/// size. The sums are of integers, so the result does not depend on the thread count. When the
/// input is bad, the error reported is the first in file order.
public struct CooccurrenceCount: Sendable {
    public let files: [CorpusFile]
    public let terms: TermList
    /// The windows W, ascending and distinct.
    public let windows: [Int]
    public let threads: Int
    /// Documents per chunk at most (chunks also close at 1 MiB of text).
    public let chunkDocuments: Int

    public init(files: [CorpusFile], terms: TermList, windows: [Int], threads: Int,
                chunkDocuments: Int = 4096) {
        self.files = files
        self.terms = terms
        self.windows = Array(Set(windows)).sorted()
        self.threads = max(1, threads)
        self.chunkDocuments = max(1, chunkDocuments)
    }

    public func run() throws -> CooccurrenceTally {
        let matcher = TermMatcher(terms)
        var total = emptyTally()
        for file in files {
            var reader = try makeChunkReader(file, documentLimit: chunkDocuments)
            var finished = false
            while !finished {
                var batch: [DocumentChunk] = []
                var readError: (any Error)?
                do {
                    while batch.count < threads * 2 {
                        guard let chunk = try reader.nextChunk() else {
                            finished = true
                            break
                        }
                        batch.append(chunk)
                    }
                } catch {
                    readError = error
                    finished = true
                }
                // Chunks read before a read error come first in the file: their errors win.
                for result in count(batch, matcher: matcher) {
                    total.add(try result.get())
                }
                if let readError { throw readError }
            }
        }
        return total
    }

    /// Counts one document's text into `tally` (exposed for tests of the definition).
    public static func countDocument(_ text: String, matcher: TermMatcher, into tally: inout CooccurrenceTally) {
        let ids = matcher.wordIDs(of: text)
        tally.addDocument(wordCount: ids.count, positions: matcher.occurrences(inWordIDs: ids))
    }

    private func emptyTally() -> CooccurrenceTally {
        CooccurrenceTally(windows: windows, candidateCount: terms.candidates.count, groupCount: terms.groups.count)
    }

    private func count(_ chunks: [DocumentChunk], matcher: TermMatcher) -> [Result<CooccurrenceTally, any Error>] {
        guard !chunks.isEmpty else { return [] }
        let results = ResultSlots(count: chunks.count, initial: .success(emptyTally()))
        let empty = emptyTally()
        // At most `threads` workers, each taking every `workers`-th chunk.
        let workers = min(threads, chunks.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: chunks.count, by: workers) {
                let chunk = chunks[index]
                var tally = empty
                do {
                    for document in chunk.documents {
                        Self.countDocument(try chunk.text(of: document), matcher: matcher, into: &tally)
                    }
                    results.set(index, .success(tally))
                } catch {
                    results.set(index, .failure(error))
                }
            }
        }
        return results.values
    }
}

/// One result per chunk, written once each by the counting threads.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<CooccurrenceTally, any Error>]
    private let lock = NSLock()

    init(count: Int, initial: Result<CooccurrenceTally, any Error>) {
        slots = Array(repeating: initial, count: count)
    }

    func set(_ index: Int, _ value: Result<CooccurrenceTally, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = value
    }

    var values: [Result<CooccurrenceTally, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
