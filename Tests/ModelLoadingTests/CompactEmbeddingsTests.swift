import Foundation
import Generation
import NucleusTestSupport
import Testing
import Transformer

/// 16-bit token embeddings and LM heads stay in the mapped checkpoint (`weights: stored`): no float32
/// copy of the table beside the normalised rows, and the same values as the float32 load.
@Suite struct CompactEmbeddingsTests {
    static func load(_ family: String, _ precision: WeightPrecision) throws -> any CausalLanguageModel {
        let folder = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/\(family)")
        return try ModelRegistry.load(huggingFace: HFCheckpoint(folder: folder.path), threads: 1, weights: precision)
    }

    /// qwen2: bf16, tied head; gpt_neox: f16, untied head.
    @Test(arguments: ["qwen2", "gpt_neox"])
    func tableStaysStoredWithTheFloat32Values(_ family: String) throws {
        let stored = try Self.load(family, .stored), converted = try Self.load(family, .float32)
        let table = stored.inputEmbeddings, floats = converted.inputEmbeddings
        guard case .stored = table.matrix, case .float32(let values) = floats.matrix else {
            Issue.record("\(family): expected a stored table under .stored and float32 under .float32")
            return
        }
        #expect(table.matrix.byteCount * 2 == floats.matrix.byteCount)
        #expect(table.rows == stored.config.vocabularySize && table.width == stored.config.dim)
        #expect(table.floats.map(\.bitPattern) == values.map(\.bitPattern))
        var row = [Float](repeating: .nan, count: table.width)
        for id in [0, 1, table.rows / 2, table.rows - 1] {
            table.copyRow(id, into: &row)
            #expect(row.map(\.bitPattern) == values[(id * table.width)..<((id + 1) * table.width)].map(\.bitPattern))
        }

        // Unit rows built row by row from the stored table are those of the float32 matrix.
        let fromTable = try NormalizedEmbeddings(matrix: table, vocabularySize: table.rows, dimension: table.width)
        let fromFloats = try NormalizedEmbeddings(matrix: values, vocabularySize: table.rows, dimension: table.width)
        #expect(fromTable.rows.map(\.bitPattern) == fromFloats.rows.map(\.bitPattern))
        #expect(fromTable.squaredNorms == fromFloats.squaredNorms)
        #expect(fromTable.unusableRows == fromFloats.unusableRows)
    }

    @Test func untiedHeadStaysStored() throws {
        let model = try #require(try Self.load("gpt_neox", .stored) as? GPTNeoXModel)
        guard case .stored(let head) = try #require(model.weights.output) else {
            Issue.record("gpt_neox's f16 embed_out became float32")
            return
        }
        #expect(head.rows == model.config.vocabularySize && head.columns == model.config.dim)
    }

    @Test func tableOfTheWrongShapeIsRefused() throws {
        let table = EmbeddingTable(floats: [1, 0, 0, 1, 1, 1], rows: 3, width: 2)
        #expect(throws: GenerationError.self) { try NormalizedEmbeddings(matrix: table, vocabularySize: 2, dimension: 3) }
    }
}
