import Foundation
@testable import NucleusCore

/// A temporary folder holding a job file, a fake model file and a small GSM8K-shaped dataset.
struct JobFixture {
    let directory: URL

    /// Lines are numbered in tests' expected messages: keep this text's layout stable.
    static let baseYAML = """
        name: t
        output: out
        seed: 7
        unit_size: 2
        models:
          - name: m
            path: model.gguf
        datasets:
          - name: d
            path: d.jsonl
            shape: gsm8k
        techniques: [baseline]
        generation:
          max_new_tokens: 8
          temperature: 0.5

        """

    init(datasetRows: Int = 5) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("GGUF fake".utf8).write(to: directory.appendingPathComponent("model.gguf"))
        let rows = (0..<datasetRows).map { "{\"question\": \"q\($0)\", \"answer\": \"#### \($0)\"}" }
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("d.jsonl"))
    }

    var jobPath: String { directory.appendingPathComponent("job.yaml").path }

    /// Writes `yaml` as job.yaml and loads it.
    func load(_ yaml: String = JobFixture.baseYAML, environment: [String: String] = [:]) throws -> JobSpec {
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: jobPath))
        return try JobSpec.load(path: jobPath, environment: environment)
    }

    /// The error `load` throws for `yaml`, as its one-line text.
    func loadError(_ yaml: String, environment: [String: String] = [:]) -> String? {
        do {
            _ = try load(yaml, environment: environment)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// The base job with `old` replaced by `new` (exactly once).
func edited(_ old: String, _ new: String) -> String {
    JobFixture.baseYAML.replacingOccurrences(of: old, with: new)
}
