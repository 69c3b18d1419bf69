import Foundation
import NucleusCore
import Testing
@testable import Store

/// Unit files record the arithmetic a model computed in (`compute` in the model JSON attribute).
@Suite struct ModelComputeRecordTests {
    @Test func bf16RoundTripsThroughTheUnitFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = SampleRecords.realistic()
        record.header.model.compute = .bf16
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back.header.model.compute == .bf16)
        #expect(back == record)
    }

    /// The model JSON always names compute; files written before it existed read as f32.
    @Test func modelJSONNamesComputeAndOldFilesReadAsF32() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(ModelIdentity(name: "m", path: "/m", architecture: "llama", sha256: "00")),
                          as: UTF8.self)
        #expect(json == #"{"architecture":"llama","compute":"f32","name":"m","path":"\/m","sha256":"00"}"#)
        let old = #"{"name": "m", "path": "/m.gguf", "architecture": "llama", "sha256": "00"}"#
        #expect(try JSONDecoder().decode(ModelIdentity.self, from: Data(old.utf8)).compute == .f32)
    }
}
