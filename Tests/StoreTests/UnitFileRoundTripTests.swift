import Foundation
import Testing
@testable import Store

@Suite struct UnitFileRoundTripTests {
    @Test func realisticRecordReadsBackEqual() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("cell/u-3f9a2c.attempt-1.h5")
        let record = SampleRecords.realistic()
        try UnitFileWriter().write(record, to: url)

        let back = try UnitFileReader.read(url)
        #expect(back == record)
        #expect(back.tokens.nucleusCosine[0].isNaN)
        #expect(back.tokens.topkLogprobs[19] == -.infinity)
        #expect(back.prompts[2].promptText == "Écris « bonjour » 🌍 — 日本語\ttab\nnewline")
        #expect(back.header.seed == 0xDEAD_BEEF_CAFE_F00D)
        #expect(try folder.contents() == ["cell"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["u-3f9a2c.attempt-1.h5"])
    }

    @Test func headerAndVerifyReportCounts() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let record = SampleRecords.realistic()
        try UnitFileWriter().write(record, to: url)

        let summary = try UnitFileReader.readHeader(url)
        #expect(summary.schemaVersion == 1)
        #expect(summary.promptCount == 3)
        #expect(summary.tokenCount == 7)
        #expect(summary.topK == 20)
        #expect(summary.header == record.header)
        #expect(try UnitFileReader.verify(url) == summary)
        #expect(UnitFileReader.isComplete(url))
    }

    @Test func zeroPromptUnitRoundTrips() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u-empty.attempt-1.h5")
        let record = SampleRecords.zeroPrompts()
        try UnitFileWriter().write(record, to: url)

        let back = try UnitFileReader.read(url)
        #expect(back == record)
        #expect(back.prompts.isEmpty)
        #expect(back.tokens.topK == 20)
        #expect(UnitFileReader.isComplete(url))
    }

    @Test func embeddedNULIsStoredAsReplacementCharacter() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = SampleRecords.zeroPrompts()
        record.prompts = [PromptRecord(row: 0, promptText: "a\u{0}b", reference: "", completionText: "",
                                       finishReason: "eos", promptTokenCount: 2, generatedCount: 0)]
        try UnitFileWriter().write(record, to: url)
        #expect(try UnitFileReader.read(url).prompts[0].promptText == "a\u{FFFD}b")
    }

    /// A prompt that failed at run time keeps its reason. (Files without the `error` column, as
    /// older versions wrote them, read back with "": `InteropTests.swiftReadsWhatH5pyWrites`.)
    @Test func failedPromptErrorRoundTripsAndOlderFilesReadAsNoError() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = SampleRecords.zeroPrompts()
        record.prompts = [PromptRecord(row: 4, promptText: "", reference: "", completionText: "", finishReason: "error",
                                       promptTokenCount: 0, generatedCount: 0, error: "the prompt is empty (0 tokens)")]
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back == record && back.prompts[0].failed)
    }

    /// A grouping label is stored per prompt as `/prompts/label`; files written before it read as "".
    @Test func labelRoundTrips() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = SampleRecords.zeroPrompts()
        record.prompts = [
            PromptRecord(row: 0, promptText: "a", reference: "", completionText: "", finishReason: "eos",
                         promptTokenCount: 1, generatedCount: 0, label: "factual"),
            PromptRecord(row: 1, promptText: "b", reference: "", completionText: "", finishReason: "eos",
                         promptTokenCount: 1, generatedCount: 0),
        ]
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back == record)
        #expect(back.prompts.map(\.label) == ["factual", ""])
    }

    /// The dataset's shape and answer type are root attributes; files written without them read as nil.
    @Test func datasetShapeAndAnswerTypeRoundTrip() throws {
        let folder = try TemporaryFolder()
        var record = SampleRecords.zeroPrompts()
        try UnitFileWriter().write(record, to: folder.file("old.attempt-1.h5"))
        let old = try UnitFileReader.read(folder.file("old.attempt-1.h5"))
        #expect(old.header.datasetShape == nil && old.header.answerType == nil)
        record.header.datasetShape = "custom"
        record.header.answerType = "text"
        try UnitFileWriter().write(record, to: folder.file("new.attempt-1.h5"))
        let back = try UnitFileReader.read(folder.file("new.attempt-1.h5"))
        #expect(back.header.datasetShape == "custom")
        #expect(back.header.answerType == "text")
    }

    @Test func sealIsZlibCRC32() {
        // zlib.crc32 reference values.
        var check = CRC32()
        check.update(Array("123456789".utf8))
        #expect(check.value == 0xCBF4_3926)
        #expect(CRC32().value == 0)
        var long = CRC32()
        long.update([UInt8]((0..<768).map { UInt8($0 % 256) }))
        #expect(long.value == 0xB0C0_DF2A)
    }

    @Test func sealIsReadableAtTheStartOfTheFile() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        let bytes = try Data(contentsOf: url)
        let text = String(decoding: bytes.prefix(512).prefix { $0 != 0 }, as: UTF8.self)
        #expect(text.hasPrefix("NUCLEUS-UNIT-FILE 1\nlength \(bytes.count)\ncrc32 "))
        #expect(Array(bytes[512..<520]) == [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a])
    }

    @Test func checksumIsFNV1aOfLittleEndianBytes() {
        // FNV-1a 64 reference values: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
        #expect(FNV1a64().value == 0xcbf2_9ce4_8422_2325)
        var hash = FNV1a64()
        hash.add(littleEndian: [UInt8(ascii: "a")])
        #expect(hash.value == 0xaf63_dc4c_8601_ec8c)
        // Int32 0x64636261 is the bytes "abcd" little-endian; FNV-1a 64("abcd") = fc179f83ee0724dd.
        var word = FNV1a64()
        word.add(littleEndian: [Int32(0x6463_6261)])
        #expect(word.value == 0xfc17_9f83_ee07_24dd)
    }
}
