import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Weights

/// DESIGN §3: a unit's results must not depend on the thread count (so not on ranks × threads).
/// Since every product output is one fma chain over its own row (`MatMul`), a sequence's logits do
/// not depend on its batch companions either: bit for bit (this used to be "≤ 1e-4", the rounding
/// of OpenBLAS's tiles).
@Suite(.serialized)
struct BatchInvarianceTests {
    // One model per thread count; the suite is serialized, so no instance is used concurrently.
    nonisolated(unsafe) static let models: Result<[any CausalLanguageModel], Error> = Result {
        let file = try GGUFFile(path: TestPaths.requireSmolLM2())
        return try [1, 2].map { try ModelRegistry.load(gguf: file, threads: $0) }
    }

    static let prompt: [Int32] = [504, 3575, 282, 4649, 314]  // "The capital of France is"
    static let others: [[Int32]] = [[17872, 42, 36366], [6154, 3021, 253, 655, 28, 1535, 29, 30, 216, 33, 34], [1], [504]]

    func logits(_ model: any CausalLanguageModel, batch: [[Int32]], of index: Int) throws -> [Float] {
        let cache = model.makeCache(slots: batch.count)
        for (slot, tokens) in batch.enumerated() { cache.reset(slot: slot, capacity: tokens.count) }
        let rows = try model.forward(batch.enumerated().map { SequenceChunk(slot: $0.offset, tokens: $0.element) }, cache: cache)
        return Array(rows.lastRow(ofChunk: index))
    }

    @Test func logitsDoNotDependOnThreadCount() throws {
        let models = try Self.models.get()
        let batch = [Self.prompt] + Self.others
        for index in batch.indices {
            let one = try logits(models[0], batch: batch, of: index)
            let two = try logits(models[1], batch: batch, of: index)
            #expect(zip(one, two).filter { $0.bitPattern != $1.bitPattern }.isEmpty, "sequence \(index)")
        }
    }

    @Test func batchCompanionsDoNotMoveLogits() throws {
        let model = try Self.models.get()[1]
        let alone = try logits(model, batch: [Self.prompt], of: 0)
        let last = try logits(model, batch: Self.others + [Self.prompt], of: Self.others.count)
        #expect(!alone.isEmpty && alone.map(\.bitPattern) == last.map(\.bitPattern))
    }

    @Test func prefillMatchesTokenByTokenDecode() throws {
        let model = try Self.models.get()[1]
        let prefill = try logits(model, batch: [Self.prompt], of: 0)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: Self.prompt.count)
        var stepped: [Float] = []
        for token in Self.prompt {
            stepped = Array(try model.forward([SequenceChunk(slot: 0, tokens: [token])], cache: cache).lastRow(ofChunk: 0))
        }
        // Bitwise today (measured); kept a tolerance since it also depends on the attention's order.
        let maxDifference = zip(prefill, stepped).map { abs($0 - $1) }.max() ?? .infinity
        #expect(maxDifference <= 1e-4, "max |Δ| = \(maxDifference)")
    }

    @Test func allPositionsMatchSeparatePrefixes() throws {
        let model = try Self.models.get()[1]
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: Self.prompt.count)
        let all = try model.forward([SequenceChunk(slot: 0, tokens: Self.prompt, allLogits: true)], cache: cache)
        #expect(all.rowOffsets == [0, Self.prompt.count])
        let prefix = try logits(model, batch: [Array(Self.prompt.prefix(3))], of: 0)
        let maxDifference = zip(Array(all.row(2)), prefix).map { abs($0 - $1) }.max() ?? .infinity
        #expect(maxDifference <= 1e-4, "max |Δ| = \(maxDifference)")
    }

    @Test func rejectsTokensOutsideTheVocabulary() throws {
        let model = try Self.models.get()[1]
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: 2)
        #expect(throws: ModelError.self) { try model.forward([SequenceChunk(slot: 0, tokens: [1, 49152])], cache: cache) }
    }
}
