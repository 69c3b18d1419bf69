import Foundation
import NucleusCore
import NucleusTestSupport
import Scheduling
import Store
import Testing
@testable import Runner

/// A real run of the tiny llama stores, per prompt, eᵢ = the mean of the model's input-embedding
/// rows over the generated ids, equal to the mean of the checkpoint's rows as
/// `scripts/fixtures/tiny_llama_embeddings.py` reads them with safetensors/numpy
/// (`Fixtures/tiny_llama_embeddings.json`).
@Suite(.serialized) struct EmbeddingMeanRunTests {
    struct Table: Decodable {
        let rows, width: Int
        let table: [Double]
    }

    static func runJob() throws -> UnitRecord {
        let folder = try TinyHFFolder.make(tokenizer: true, generation: #"{"eos_token_id": 4}"#)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rows = ["ab ab", "a b a", "bb"].map { "{\"question\": \"\($0)\", \"answer\": \"#### 1\"}" }
        try rows.joined(separator: "\n").write(to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        let job = """
            name: embedding-mean
            seed: 5
            unit_size: 3
            batch_size: 2
            output: out
            models: [{name: tiny, path: \(folder.path)}]
            datasets: [{name: math, path: rows.jsonl, shape: gsm8k}]
            techniques: [baseline]
            generation: {max_new_tokens: 6, temperature: 1.0}
            """
        let jobFile = folder.appendingPathComponent("job.yaml").path
        try job.write(toFile: jobFile, atomically: true, encoding: .utf8)
        return try runSingleUnitJob(jobFile)
    }

    @Test func unitFileStoresTheMeanOfTheCheckpointsEmbeddingRows() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tiny_llama_embeddings.json")
        let reference = try JSONDecoder().decode(Table.self, from: Data(contentsOf: url))
        let record = try Self.runJob()
        let means = try #require(record.embeddingMeans)
        #expect(means.width == reference.width)
        #expect(means.rows.count == record.prompts.count && record.prompts.count == 3)
        let offsets = record.tokenOffsets
        for (index, stored) in means.rows.enumerated() {
            let ids = record.tokens.tokenID[offsets[index]..<offsets[index + 1]].map(Int.init)
            guard !ids.isEmpty else {
                #expect(stored == nil, "prompt \(index) generated nothing: its row is NaN")
                continue
            }
            let row = try #require(stored)
            for column in 0..<reference.width {
                let expected = ids.map { reference.table[$0 * reference.width + column] }.reduce(0, +) / Double(ids.count)
                #expect(abs(row[column] - expected) <= 1e-12, "prompt \(index) column \(column): \(row[column]) vs \(expected)")
            }
        }
        #expect(means.rows.contains { $0 != nil })
    }
}
