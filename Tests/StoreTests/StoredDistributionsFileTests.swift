import Foundation
import NucleusCore
import Testing
@testable import Store

/// `/distributions`: written only when present, row ranges read back bit-equal, float16 decoded
/// exactly, h5py sees float16 chunked rows with shuffle + gzip, and a row count that does not
/// match /tokens is refused with nothing written.
struct StoredDistributionsFileTests {
    static let vocabulary = 300

    /// Row r, entry v: the float16 bits of (r + 1) · (v + 1) / 2¹⁶ — distinct, exactly representable.
    static func record(top: Int? = nil) -> UnitRecord {
        var record = SampleRecords.realistic()
        let n = record.tokens.count
        let columns = top ?? vocabulary
        var distributions = StoredDistributions(vocabularySize: vocabulary, top: top)
        for row in 0..<n {
            for column in 0..<columns {
                distributions.probabilityBits.append(Float16(Float((row + 1) * (column + 1)) / 65536).bitPattern)
                if top != nil { distributions.tokenIDs?.append(Int32(vocabulary - 1 - column)) }
            }
        }
        record.distributions = distributions
        return record
    }

    @Test func fullRowsReadBackByRange() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let record = Self.record()
        try UnitFileWriter().write(record, to: url)
        let info = try #require(try UnitFileReader.distributionsInfo(url))
        #expect(info.rows == record.tokens.count && info.columns == Self.vocabulary && !info.isTopN && info.storageBytes > 0)
        let all = try UnitFileReader.readDistributions(url, rows: 0..<info.rows)
        #expect(all == record.distributions)
        let middle = try UnitFileReader.readDistributions(url, rows: 2..<4)
        #expect(middle.probabilityBits == Array(all.probabilityBits[(2 * Self.vocabulary)..<(4 * Self.vocabulary)]))
        #expect(middle.probabilities(row: 1)[9] == Float(4 * 10) / 65536)  // file row 3, entry 9
        #expect(throws: StoreError.self) { try UnitFileReader.readDistributions(url, rows: 0..<(info.rows + 1)) }
        // The reducer's read leaves them out.
        #expect(try UnitFileReader.read(url).distributions == nil)
    }

    @Test func topNRowsKeepTheirIDs() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let record = Self.record(top: 7)
        try UnitFileWriter().write(record, to: url)
        let info = try #require(try UnitFileReader.distributionsInfo(url))
        #expect(info.isTopN && info.columns == 7)
        #expect(try UnitFileReader.readDistributions(url, rows: 0..<info.rows) == record.distributions)
    }

    @Test func filesWithoutThemSayNone() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        #expect(try UnitFileReader.distributionsInfo(url) == nil)
        #expect(throws: StoreError.self) { try UnitFileReader.readDistributions(url, rows: 0..<1) }
    }

    @Test func rowsThatDoNotMatchTheTokensAreRefused() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        var record = Self.record()
        record.distributions?.probabilityBits.removeLast(Self.vocabulary)
        #expect(throws: StoreError.self) { try UnitFileWriter().write(record, to: url) }
        #expect(try folder.contents().isEmpty)
    }

    @Test func halfFloatDecodesEveryKind() {
        for value: Float16 in [0, -0, 1, 0.5, 65504, -2.5, .leastNonzeroMagnitude, .leastNormalMagnitude, 0x1p-20, .infinity] {
            #expect(HalfFloat.float(value.bitPattern) == Float(value), "\(value)")
        }
        #expect(HalfFloat.float(Float16.nan.bitPattern).isNaN)
    }

    @Test(.enabled(if: ExternalTool.hasH5py, "no Python with h5py: run scripts/setup.sh (.venv)"))
    func h5pySeesChunkedFloat16RowsWithShuffleAndGzip() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(Self.record(top: 7), to: url)
        let script = """
        import sys, h5py, numpy as np
        with h5py.File(sys.argv[1], "r") as f:
            p, ids = f["distributions/probability"], f["distributions/token_id"]
            n = f["tokens/token_id"].shape[0]
            assert p.shape == (n, 7) and p.dtype == np.float16, (p.shape, p.dtype)
            assert ids.shape == (n, 7) and ids.dtype == np.int32
            assert p.compression == "gzip" and p.shuffle and p.chunks[1] == 7
            assert p[3, 4] == np.float16(4 * 5 / 65536), p[3, 4]
            assert ids[0, 0] == 299
            assert f["distributions"].attrs["format"] == "fp16" and f["distributions"].attrs["top"] == 7
        print("OK")
        """
        let result = try ExternalTool.run([ExternalTool.python, "-c", script, url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "OK\n")
    }
}
