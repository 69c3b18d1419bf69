import Foundation
import ModelLoading
import NucleusCore
import NucleusTestSupport
import Store
import Testing
import Transformer
@testable import Runner

/// `analysis.store_distribution`: a greedy job with SmolLM2 (3 prompts in slots of 2, so a slot is
/// refilled) writes `/distributions`; each row is checked against p = softmax of logits recomputed
/// here by one unbatched forward pass over prompt + generated tokens, softmax in Double, rounded
/// to float16 (`Float16`, not the code under test).
@Suite(.serialized)
struct StoredDistributionRunTests {
    static func job(in folder: URL, analysis: String) throws -> String {
        let path = try JobRunTests.makeJob(in: folder)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "temperature: 1.0", with: "temperature: 0.0")
        text += "\nanalysis: {\(analysis)}\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Per generated token of `url`, the reference p (Double, length V), in /tokens row order.
    static func referenceDistributions(_ url: URL, model: LoadedModel) throws -> [[Double]] {
        let record = try UnitFileReader.read(url)
        var rows: [[Double]] = []
        for (index, prompt) in record.prompts.enumerated() {
            let promptIDs = model.tokenizer.encode(prompt.promptText)
            #expect(promptIDs.count == prompt.promptTokenCount)
            let generated = Array(record.tokens.tokenID[record.tokenOffsets[index]..<record.tokenOffsets[index + 1]])
            let ids = promptIDs + generated.dropLast()
            let cache = model.model.makeCache(slots: 1)
            cache.reset(slot: 0, capacity: ids.count)
            let logits = try model.model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: true)], cache: cache)
            for step in 0..<generated.count {
                let z = logits.row(promptIDs.count - 1 + step).map(Double.init)
                let top = z.max() ?? 0
                let weights = z.map { exp($0 - top) }
                let sum = weights.reduce(0, +)
                rows.append(weights.map { $0 / sum })
            }
        }
        return rows
    }

    /// |stored − reference| within one float16 step of the reference (the logits here come from an
    /// unbatched pass and may differ in the last float bits, which can move a rounding boundary).
    static func close(_ stored: UInt16, _ reference: Double) -> Bool {
        let value = Double(Float16(bitPattern: stored))
        return abs(value - reference) <= Double(Float16(reference).ulp) + 1e-12
    }

    @Test func fullDistributionsMatchSoftmaxOfTheRawLogits() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-dist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (prepared, summary) = try JobRunTests.run(try Self.job(in: folder, analysis: "store_distribution: fp16"), threads: 2)
        #expect(summary.completed.count == 2 && summary.failed.isEmpty)
        let model = try LoadedModel(path: try TestPaths.requireSmolLM2(), threads: 2)
        let vocabulary = model.config.vocabularySize
        for file in try prepared.layout.scan().complete {
            let record = try UnitFileReader.read(file.url)
            let info = try #require(try UnitFileReader.distributionsInfo(file.url))
            #expect(info.rows == record.tokens.count && info.columns == vocabulary && !info.isTopN)
            let stored = try UnitFileReader.readDistributions(file.url, rows: 0..<info.rows)
            let reference = try Self.referenceDistributions(file.url, model: model)
            #expect(reference.count == info.rows)
            var exact = 0
            for (row, p) in reference.enumerated() {
                let bits = stored.probabilityBits[(row * vocabulary)..<((row + 1) * vocabulary)]
                let mismatches = zip(bits, p).filter { !Self.close($0, $1) }.count
                #expect(mismatches == 0, "row \(row): \(mismatches) entries off by more than one float16 step")
                exact += zip(bits, p).filter { $0 == Float16($1).bitPattern }.count
                let sum = bits.reduce(0.0) { $0 + Double(Float16(bitPattern: $1)) }
                #expect(abs(sum - 1) < 2e-3, "row \(row) sums to \(sum)")
                // Greedy: the stored token is the argmax of its row.
                let best = bits.indices.max { Float16(bitPattern: bits[$0]) < Float16(bitPattern: bits[$1]) } ?? 0
                #expect(p[best - bits.startIndex] == p.max(), "row \(row)")
                #expect(Int(record.tokens.tokenID[row]) == p.indices.max { p[$0] < p[$1] })
            }
            #expect(Double(exact) >= 0.99 * Double(reference.count * vocabulary), "\(exact) exact float16 values")
            // A range in the middle reads the same rows.
            if info.rows > 2 {
                let middle = try UnitFileReader.readDistributions(file.url, rows: 1..<3)
                #expect(middle.probabilityBits == Array(stored.probabilityBits[vocabulary..<(3 * vocabulary)]))
            }
        }
    }

    @Test func topNHoldsTheMostProbableTokensInOrder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-dist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let top = 50
        let (prepared, summary) = try JobRunTests.run(
            try Self.job(in: folder, analysis: "store_distribution: fp16, store_distribution_top: \(top)"), threads: 2)
        #expect(summary.completed.count == 2 && summary.failed.isEmpty)
        let model = try LoadedModel(path: try TestPaths.requireSmolLM2(), threads: 2)
        for file in try prepared.layout.scan().complete {
            let info = try #require(try UnitFileReader.distributionsInfo(file.url))
            #expect(info.isTopN && info.columns == top)
            let stored = try UnitFileReader.readDistributions(file.url, rows: 0..<info.rows)
            let ids = try #require(stored.tokenIDs)
            let reference = try Self.referenceDistributions(file.url, model: model)
            for (row, p) in reference.enumerated() {
                let rowIDs = ids[(row * top)..<((row + 1) * top)].map(Int.init)
                let rowBits = Array(stored.probabilityBits[(row * top)..<((row + 1) * top)])
                // The ids are the argsort of p (descending): up to near-ties, which an unbatched pass may order otherwise.
                let expected = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }.prefix(top)
                for (j, id) in rowIDs.enumerated() where id != expected[j] {
                    #expect(abs(p[id] - p[expected[j]]) <= 1e-6 * p[id], "row \(row) place \(j): id \(id), expected \(expected[j])")
                }
                for (j, id) in rowIDs.enumerated() {
                    #expect(Self.close(rowBits[j], p[id]), "row \(row) place \(j)")
                }
            }
        }
    }

    @Test func topAboveTheVocabularyFailsTheUnitWithoutAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-dist-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (prepared, summary) = try JobRunTests.run(
            try Self.job(in: folder, analysis: "store_distribution: fp16, store_distribution_top: 1000000"), threads: 2)
        #expect(summary.completed.isEmpty && summary.failed.count == 2)
        #expect(try prepared.layout.scan().complete.isEmpty)
        let messages = try prepared.layout.journal.read().entries.map(\.message).joined(separator: "\n")
        #expect(messages.contains("analysis.store_distribution_top") && messages.contains("vocabulary"), "\(messages)")
    }
}
