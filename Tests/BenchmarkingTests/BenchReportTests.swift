import Benchmarking
import Foundation
import Testing

@Suite struct BenchReportTests {
    static let report = BenchReport(
        model: "model.gguf", architecture: "llama", parameters: 134_515_008, threads: 2, batchSize: 32, prompts: 64,
        promptTokens: 2000, maxNewTokens: 100, ignoreEOS: true, temperature: 1, generatedTokens: 6400, wallSeconds: 40, cpuSeconds: 40,
        prefill: PhaseTotals(steps: 2, tokens: 2000, seconds: 4, flops: 4e11),
        decode: PhaseTotals(steps: 198, tokens: 6336, seconds: 30, flops: 1.5e12),
        mixed: PhaseTotals(), peakRSSBytes: 512_000_000, weightFileBytes: 90_000_000, kvCacheBytes: 30_000_000)

    @Test func table() {
        let expected = """
            nucleus bench: model.gguf (llama, 134.5 M parameters), 2 threads, batch 32
            work: 64 prompts (2000 prompt tokens) × 100 new tokens (EOS ignored), T=1.00, full statistics
            phase           tokens   seconds     tok/s   GFLOP/s
            prefill           2000      4.00     500.0     100.0
            decode            6336     30.00     211.2      50.0
            end to end        6400     40.00     160.0      47.5   generated tokens / wall time
            outside the network: 6.00 s (15% of wall time: sampling, statistics, stop checks)
            CPU time 40.00 s = 50% of 2 threads × wall time (the machine was busy: rates understate it)
            peak RSS 0.51 GB (weight files 0.09 GB, KV cache at most 0.03 GB)
            """
        #expect(Self.report.text == expected)
    }

    @Test func mixedRowAndReferenceWhenPresent() {
        var report = Self.report
        report.mixed = PhaseTotals(steps: 1, tokens: 40, seconds: 0.5, flops: 1e9)
        report.hfReferenceTokensPerSecond = 80
        report.peakRSSBytes = nil
        report.cpuSeconds = 0
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("mixed               40      0.50      80.0       2.0"))
        #expect(lines.last == "hf reference: 80.0 tok/s; ratio nucleus / hf = 2.00×")
        #expect(lines.contains("peak RSS unknown (weight files 0.09 GB, KV cache at most 0.03 GB)"))
    }

    @Test func json() throws {
        let data = Data(try Self.report.json().utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["generated_tokens"] as? Int == 6400)
        #expect(object["ignore_eos"] as? Bool == true)
        #expect(object["peak_rss_bytes"] as? Int == 512_000_000)
        #expect(object["hf_reference_tok_per_s"] is NSNull)
        let prefill = try #require(object["prefill"] as? [String: Any])
        #expect(prefill["tok_per_s"] as? Double == 500)
        #expect(prefill["gflop_per_s"] as? Double == 100)
        let decode = try #require(object["decode"] as? [String: Any])
        #expect(decode["tokens"] as? Int == 6336)
        let endToEnd = try #require(object["end_to_end"] as? [String: Any])
        #expect(endToEnd["tok_per_s"] as? Double == 160)
        #expect(endToEnd["gflop_per_s"] as? Double == 47.5)
        #expect(object["outside_network_seconds"] as? Double == 6)
        #expect(object["cpu_seconds"] as? Double == 40)
        #expect(object["cpu_utilisation"] as? Double == 0.5)
    }
}
