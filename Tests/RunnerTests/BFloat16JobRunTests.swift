import Foundation
import NucleusCore
import NucleusTestSupport
import Store
import Testing
@testable import Runner

/// A job whose model entry says `compute: bf16` runs in bf16, says so in its unit files and its
/// dry-run grid, and hashes differently from the same job in f32.
@Suite struct BFloat16JobRunTests {
    static func writeJob(in folder: URL, compute: String?) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let row = "{\"question\": \"Tom has 3 apples and buys 2 more. How many apples does he have?\", \"answer\": \"#### 5\"}"
        try (row + "\n").write(to: folder.appendingPathComponent("rows.jsonl"), atomically: true, encoding: .utf8)
        let job = """
            name: tiny-bf16
            output: out
            seed: 7
            unit_size: 1
            batch_size: 1
            models:
              - name: smollm2
                path: \(try TestPaths.requireSmolLM2())
            \(compute.map { "    compute: \($0)" } ?? "")
            datasets:
              - name: math
                path: rows.jsonl
                shape: gsm8k
            techniques: [baseline]
            generation: {max_new_tokens: 3, temperature: 1.0}
            """
        let path = folder.appendingPathComponent("job-\(compute ?? "default").yaml").path
        try job.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func bf16JobRecordsComputeAndHashesApart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nucleus-bf16-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let byDefault = try JobRun(jobFile: Self.writeJob(in: folder, compute: nil))
        let f32 = try JobRun(jobFile: Self.writeJob(in: folder, compute: "f32"))
        #expect(f32.jobHash == byDefault.jobHash)

        let (bf16, summary) = try JobRunTests.run(Self.writeJob(in: folder, compute: "bf16"), threads: 2)
        #expect(summary.completed.count == 1 && summary.failed.isEmpty)
        #expect(bf16.jobHash != byDefault.jobHash)
        let records = try JobRunTests.records(bf16.layout)
        #expect(records.count == 1)
        #expect(records.allSatisfy { $0.header.model.compute == .bf16 && $0.header.jobHash == bf16.jobHash })
        #expect(try bf16.gridDescription().contains("smollm2 (\(TestPaths.requireSmolLM2()), compute bf16)"))
        #expect(try byDefault.gridDescription().contains(", compute f32)"))
    }
}
