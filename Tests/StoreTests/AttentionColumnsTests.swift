import Foundation
import NucleusCore
import Testing
@testable import Store

/// The optional N × L × H attention columns: written only when recorded, read back equal, and
/// seen by h5py with the documented shape and type.
struct AttentionColumnsTests {
    static func withAttention(layers: Int = 2, heads: Int = 3) -> UnitRecord {
        var record = SampleRecords.realistic()
        let n = record.tokens.count
        record.tokens.attentionLayers = layers
        record.tokens.attentionHeads = heads
        record.tokens[TokenColumn.attentionEntropy] = .float32((0..<(n * layers * heads)).map { Float($0) * 0.125 })
        record.tokens[TokenColumn.attentionVarentropy] = .float32((0..<(n * layers * heads)).map { Float($0) * 0.5 + 0.25 })
        return record
    }

    @Test func roundTripKeepsTheAttentionColumns() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let record = Self.withAttention()
        try UnitFileWriter().write(record, to: url)
        let back = try UnitFileReader.read(url)
        #expect(back == record)
        #expect(back.tokens.attentionLayers == 2 && back.tokens.attentionHeads == 3)
    }

    @Test func filesWithoutAttentionHaveNoAttentionColumns() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        let back = try UnitFileReader.read(url)
        #expect(!back.tokens.hasAttention)
        #expect(back.tokens.float32(TokenColumn.attentionEntropy).isEmpty)
    }

    @Test(.enabled(if: ExternalTool.hasH5py, "no Python with h5py: run scripts/setup.sh (.venv)"))
    func h5pySeesNByLByHFloat32() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(Self.withAttention(), to: url)
        let script = """
        import sys, h5py, numpy as np
        with h5py.File(sys.argv[1], "r") as f:
            e, v = f["tokens/attention_entropy"], f["tokens/attention_varentropy"]
            assert e.shape == (7, 2, 3) and e.dtype == np.float32, (e.shape, e.dtype)
            assert v.shape == (7, 2, 3) and v.dtype == np.float32
            assert e[4, 1, 2] == (4 * 6 + 1 * 3 + 2) * 0.125, e[4, 1, 2]
            assert v[0, 0, 1] == 0.75
            assert e.attrs["units"] == "nats" and v.attrs["units"] == "nats^2"
        print("OK")
        """
        let result = try ExternalTool.run([ExternalTool.python, "-c", script, url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "OK\n")
    }

    @Test func appendFixesTheShapeFromTheFirstRecordedToken() {
        func statistic(_ id: Int32, attention: [Float]) -> TokenStatistic {
            var s = TokenStatistic(tokenId: id, logprob: -1, rank: 1, entropy: 1, varentropy: 1, nucleusSize: 1,
                                   nucleusMass: 1, nucleusEntropy: 0, nucleusCosine: .nan, nucleusCosineWeighted: .nan,
                                   topkIds: [id], topkLogprobs: [-1])
            s.attentionEntropy = attention
            s.attentionVarentropy = attention.map { $0 + 1 }
            s.attentionHeads = attention.isEmpty ? 0 : 2
            return s
        }
        var tokens = TokenColumns(topK: 1)
        tokens.append([])  // a failed prompt: no tokens
        tokens.append([statistic(1, attention: [1, 2, 3, 4]), statistic(2, attention: [5, 6, 7, 8])])
        #expect(tokens.attentionLayers == 2 && tokens.attentionHeads == 2)
        #expect(tokens.float32(TokenColumn.attentionEntropy) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(tokens.float32(TokenColumn.attentionVarentropy) == [2, 3, 4, 5, 6, 7, 8, 9])
        let record = UnitRecord(header: SampleRecords.header(), prompts: [
            PromptRecord(row: 0, promptText: "p", reference: "", completionText: "c", finishReason: "length",
                         promptTokenCount: 1, generatedCount: 2)], tokens: tokens)
        #expect(record.consistencyProblem() == nil)
    }
}
