import Foundation
import Store
@testable import Reduce

/// Serves hand-made records as if they were files, in the listed order.
struct InMemoryLoader: UnitRecordLoader {
    var files: [(url: URL, record: UnitRecord)]
    var ignored: [URL] = []

    struct MissingFile: Error, CustomStringConvertible {
        var url: URL
        var description: String { "\(url.path): not in the in-memory loader" }
    }

    func listUnitFiles(resultsFolder: URL) throws -> UnitFileListing {
        UnitFileListing(unitFiles: files.map(\.url), ignoredFiles: ignored)
    }

    func read(_ file: URL) throws -> UnitRecord {
        guard let match = files.first(where: { $0.url == file }) else { throw MissingFile(url: file) }
        return match.record
    }
}

/// One prompt's generated tokens: entropy and nucleus cosine per token.
struct PromptColumns {
    var row: Int
    var entropy: [Double]
    var cosine: [Double]
    var completion = "a"
    var reference = ""
}

func makeRecord(unit: String, attempt: Int, model: String = "m1", dataset: String = "gsm8k",
                technique: String = "cot", complete: Bool = true, job: String = "demo",
                prompts: [PromptColumns]) -> UnitRecord {
    let header = UnitHeader(
        complete: complete, nucleusVersion: "0.0.0-test", jobName: job, jobHash: "hash", unitID: unit,
        attempt: attempt, model: ModelIdentity(name: model, path: "/models/\(model)", architecture: "llama", sha256: "00"),
        dataset: dataset, technique: technique, sample: 0, seed: 7, generationJSON: "{}", analysisJSON: "{}",
        host: "host", rank: 1, started: "2025-01-01T00:00:00Z", finished: "2025-01-01T00:01:00Z")
    var tokens = TokenColumns(topK: 0)
    for prompt in prompts {
        tokens.entropy += prompt.entropy
        tokens.nucleusCosine += prompt.cosine
        tokens.tokenID += prompt.entropy.map { _ in 1 }
    }
    let records = prompts.map {
        PromptRecord(row: $0.row, promptText: "q\($0.row)", reference: $0.reference, completionText: $0.completion,
                     finishReason: "eos", promptTokenCount: 3, generatedCount: $0.entropy.count)
    }
    return UnitRecord(header: header, prompts: records, tokens: tokens)
}

func fileURL(_ relative: String) -> URL {
    URL(fileURLWithPath: "/results/demo/units/\(relative)")
}

/// A fresh empty folder under the system temporary directory.
func makeTemporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("reduce-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}
