import Foundation
import NucleusTestSupport
import Testing
@testable import Cooccurrence
@testable import Prompts

/// The streamed CSV corpus reader reads the dialect of the dataset reader in `Prompts` (an
/// independent, whole-file implementation): on seeded random CSV text full of quotes, separators
/// and line ends, both give the same documents with the same lines, or fail at the same line with
/// the same message. The scanner also gives the same records however the bytes are cut.
@Suite final class CSVDialectFuzzTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cooccur-fuzz-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: folder) }

    static let pieces: [[UInt8]] = ["a", "bc", "é", " ", ",", ",", "\"", "\"\"", "\n", "\n", "\r\n", "\r", "x\"y", "\u{FEFF}"]
        .map { Array($0.utf8) } + [[0xFF]]

    static func randomCSV(_ random: inout FuzzRandom) -> [UInt8] {
        var bytes: [UInt8] = random.int(0..<4) == 0 ? [0xEF, 0xBB, 0xBF] : []
        // A header usually present and short, so that records often have the right field count.
        bytes += Array(["t", "t,u", "t,u,v", "\"t\",u", "t,t"][random.int(0..<5)].utf8) + [0x0A]
        for _ in 0..<random.int(0..<30) { bytes += random.pick(pieces) }
        return bytes
    }

    enum Outcome: Equatable {
        case documents([DocumentLine])
        case failure(line: Int?, message: String)
    }

    struct DocumentLine: Equatable {
        let line: Int
        let text: String
    }

    func viaCooccurrence(_ path: String, field: String) -> Outcome {
        do {
            var reader = try CSVChunkReader(file: CorpusFile(path: path, format: .csv, field: field), documentLimit: 3)
            var lines: [DocumentLine] = []
            while let chunk = try reader.nextChunk() {
                for document in chunk.documents {
                    lines.append(DocumentLine(line: document.line, text: try chunk.text(of: document)))
                }
            }
            return .documents(lines)
        } catch let error as CooccurrenceError {
            return .failure(line: error.line, message: error.message)
        } catch {
            return .failure(line: nil, message: "\(error)")
        }
    }

    func viaPrompts(_ bytes: [UInt8], path: String, field: String) -> Outcome {
        do {
            let records = try CSVReader.read(Data(bytes), file: path)
            return .documents(records.map { DocumentLine(line: $0.line, text: $0.fields[field] ?? "") })
        } catch let error as DatasetError {
            return .failure(line: error.line, message: error.message)
        } catch {
            return .failure(line: nil, message: "\(error)")
        }
    }

    @Test func sameDocumentsAndErrorsAsTheDatasetReader() throws {
        var random = FuzzRandom(name: "cooccur-csv")
        for trial in 0..<FuzzRandom.count {
            let bytes = Self.randomCSV(&random)
            let path = folder.appendingPathComponent("c\(trial).csv").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            // The first header name, as the reader of Prompts reads it.
            var header = CSVRecordScanner(file: path)
            var headerRecords: [CSVRecordScanner.Record] = []
            try? header.feed(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, into: &headerRecords)
            let field = headerRecords.first?.fields.first ?? "t"
            let ours = viaCooccurrence(path, field: field)
            let theirs = viaPrompts(bytes, path: path, field: field)
            #expect(ours == theirs, "trial \(trial): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if ours != theirs { break }
        }
    }

    @Test func scannerRecordsDoNotDependOnTheCuts() throws {
        var random = FuzzRandom(name: "cooccur-csv-cuts")
        for trial in 0..<FuzzRandom.count {
            let bytes = Self.randomCSV(&random)
            var whole = CSVRecordScanner(file: "f"), cut = CSVRecordScanner(file: "f")
            var wholeRecords: [CSVRecordScanner.Record] = [], cutRecords: [CSVRecordScanner.Record] = []
            let wholeError = Result { try whole.feed(bytes, into: &wholeRecords); try whole.finish(into: &wholeRecords) }
            var start = 0
            let cutError = Result {
                while start < bytes.count {
                    let end = min(bytes.count, start + random.int(1..<6))
                    try cut.feed(bytes[start..<end], into: &cutRecords)
                    start = end
                }
                try cut.finish(into: &cutRecords)
            }
            #expect(wholeRecords == cutRecords, "trial \(trial)")
            #expect((try? wholeError.get()) != nil || "\(wholeError)" == "\(cutError)", "trial \(trial)")
        }
    }
}
