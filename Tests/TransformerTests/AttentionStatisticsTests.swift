import Foundation
import NucleusTestSupport
import Testing
import Transformer
import Weights

/// Entropy and varentropy of every layer × head's attention weights against transformers' eager
/// attention (`output_attentions=True`) on every tiny family and SmolLM2-135M-Instruct
/// (Tests/Fixtures/attention_references.json, made by scripts/fixtures/attention_references.py):
/// every value within 1e-5, for a whole prompt in one step and for greedy decoding through the cache.
@Suite struct AttentionStatisticsTests {
    struct Case: Decodable {
        var model: String
        var ids: [Int32]
        var prefill_entropy: [[[Double]]]
        var prefill_varentropy: [[[Double]]]
        var decode_prompt: [Int32]
        var decode_generated: [Int32]
        var decode_entropy: [[[Double]]]
        var decode_varentropy: [[[Double]]]
    }

    static let tolerance = 1e-5
    /// The random-weight tiny models are ill-conditioned: moving their input embeddings by one
    /// float32 rounding (6e-8 relative) moves transformers' own float64 prefill entropies by up to
    /// 1.1e-5 (tiny/mistral), so a whole 24-token prefill there gets twice the tolerance. SmolLM2 and
    /// every decode step keep 1e-5.
    static let tinyPrefillTolerance = 2e-5

    static func cases() throws -> [Case] {
        struct File: Decodable { var cases: [Case] }
        let url = TestPaths.repository.appendingPathComponent("Tests/Fixtures/attention_references.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    /// Architectures without attention: they return no statistics at all.
    static let attentionFree: Set<String> = ["tiny/mamba"]
    static let models = ModelRegistry.supportedModelTypes.map { "tiny/\($0)" }.filter { !attentionFree.contains($0) } + ["smollm2"]

    func load(_ name: String) throws -> any CausalLanguageModel {
        if name == "smollm2" { return try ModelRegistry.load(gguf: GGUFFile(path: TestPaths.requireSmolLM2()), threads: 2) }
        let folder = TestPaths.fixtures(besides: #filePath).appendingPathComponent(name)
        return try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 2)
    }

    /// Largest |Swift − transformers| over rows × layers × heads.
    func largestDifference(_ rows: AttentionStatisticsRows, _ values: KeyPath<AttentionStatisticsRows, [Float]>,
                           firstRow: Int, expected: [[[Double]]]) -> Double {
        let flat = expected.flatMap { $0.flatMap { $0 } }
        let start = firstRow * rows.layers * rows.heads
        let actual = rows[keyPath: values][start..<(start + flat.count)]
        return zip(actual, flat).map { abs(Double($0) - $1) }.max() ?? .infinity
    }

    @Test(arguments: models)
    func prefillEqualsTransformers(_ name: String) throws {
        let reference = try #require(try Self.cases().first { $0.model == name }, "no reference for \(name)")
        let model = try load(name)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: reference.ids.count)
        let chunk = SequenceChunk(slot: 0, tokens: reference.ids, allLogits: true, attentionStatistics: true)
        let attention = try #require(try model.forward([chunk], cache: cache).attention)
        #expect(attention.layers == model.config.layers && attention.heads == model.config.heads)
        #expect(attention.rowCount == reference.ids.count)
        let entropy = largestDifference(attention, \.entropy, firstRow: 0, expected: reference.prefill_entropy)
        let varentropy = largestDifference(attention, \.varentropy, firstRow: 0, expected: reference.prefill_varentropy)
        let tolerance = name.hasPrefix("tiny/") ? Self.tinyPrefillTolerance : Self.tolerance
        #expect(entropy <= tolerance, "\(name) entropy: max |Δ| = \(entropy)")
        #expect(varentropy <= tolerance, "\(name) varentropy: max |Δ| = \(varentropy)")
    }

    @Test(arguments: models)
    func greedyDecodeEqualsTransformers(_ name: String) throws {
        let reference = try #require(try Self.cases().first { $0.model == name }, "no reference for \(name)")
        let model = try load(name)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: reference.decode_prompt.count + reference.decode_generated.count)
        var chunk = SequenceChunk(slot: 0, tokens: reference.decode_prompt, attentionStatistics: true)
        for step in 0..<reference.decode_entropy.count {
            let result = try model.forward([chunk], cache: cache)
            let attention = try #require(result.attention)
            #expect(attention.rowCount == 1)
            let entropy = largestDifference(attention, \.entropy, firstRow: 0, expected: [reference.decode_entropy[step]])
            let varentropy = largestDifference(attention, \.varentropy, firstRow: 0,
                                               expected: [reference.decode_varentropy[step]])
            #expect(entropy <= Self.tolerance, "\(name) step \(step) entropy: max |Δ| = \(entropy)")
            #expect(varentropy <= Self.tolerance, "\(name) step \(step) varentropy: max |Δ| = \(varentropy)")
            guard step < reference.decode_generated.count else { break }
            // Greedy on our own logits must follow transformers' path, or the steps compare different rows.
            let next = reference.decode_generated[step]
            let logits = result.lastRow(ofChunk: 0)
            #expect(logits.indices.max { logits[$0] < logits[$1] }.map { Int32($0 - logits.startIndex) } == next)
            chunk = SequenceChunk(slot: 0, tokens: [next], attentionStatistics: true)
        }
    }

    @Test(arguments: attentionFree.sorted())
    func attentionFreeModelsReturnNoStatistics(_ name: String) throws {
        let model = try load(name)
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: 4)
        let rows = try model.forward([SequenceChunk(slot: 0, tokens: [1, 2, 3], allLogits: true, attentionStatistics: true)],
                                     cache: cache)
        #expect(rows.attention == nil)
    }

    /// The determinism contract: asking for statistics changes no logit bit, in a batch whose
    /// other sequence does not ask; rows that did not ask carry NaN.
    @Test(arguments: models)
    func logitsBitwiseUnchanged(_ name: String) throws {
        let reference = try #require(try Self.cases().first { $0.model == name }, "no reference for \(name)")
        let model = try load(name)
        func run(statistics: Bool) throws -> LogitRows {
            let cache = model.makeCache(slots: 2)
            cache.reset(slot: 0, capacity: reference.ids.count)
            cache.reset(slot: 1, capacity: reference.ids.count)
            let half = reference.ids.count / 2
            _ = try model.forward([SequenceChunk(slot: 0, tokens: Array(reference.ids[..<half]), attentionStatistics: statistics),
                                   SequenceChunk(slot: 1, tokens: Array(reference.ids[..<3]))], cache: cache)
            return try model.forward([SequenceChunk(slot: 0, tokens: Array(reference.ids[half...]), allLogits: true,
                                                    attentionStatistics: statistics),
                                      SequenceChunk(slot: 1, tokens: Array(reference.ids[3..<5]))], cache: cache)
        }
        let off = try run(statistics: false), on = try run(statistics: true)
        #expect(off.attention == nil)
        #expect(off.values.map(\.bitPattern) == on.values.map(\.bitPattern))
        let attention = try #require(on.attention)
        let perRow = attention.layers * attention.heads
        let askedRows = reference.ids.count - reference.ids.count / 2
        #expect(attention.entropy[..<(askedRows * perRow)].allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(attention.entropy[(askedRows * perRow)...].allSatisfy { $0.isNaN })
    }
}
