import Foundation

/// What one `nucleus bench` run measured, and its two renderings (a table for people, JSON for scripts).
///
/// Rates: prefill tok/s = prompt tokens / time in prefill steps; decode tok/s = tokens / time in
/// decode steps (network only, like llama-batched-bench's S_TG); end to end = generated tokens /
/// wall time of the whole generation (sampling, statistics and stop checks included).
/// GFLOP/s = `ForwardFLOPs` of the phase's steps / the phase's time.
public struct BenchReport: Sendable, Equatable {
    public var model: String
    public var architecture: String
    public var parameters: Int
    public var threads: Int
    public var batchSize: Int
    public var prompts: Int
    public var promptTokens: Int
    public var maxNewTokens: Int
    public var ignoreEOS: Bool
    /// Sampling temperature (statistics are always full).
    public var temperature: Double
    public var generatedTokens: Int
    public var wallSeconds: Double
    /// Processor time (user + system, every thread) during the generation; 0 when not measured.
    public var cpuSeconds: Double
    public var prefill: PhaseTotals
    public var decode: PhaseTotals
    public var mixed: PhaseTotals
    public var peakRSSBytes: Int?
    public var weightFileBytes: Int?
    public var kvCacheBytes: Int
    /// Tokens/s of the Hugging Face reference on the same work, when it ran.
    public var hfReferenceTokensPerSecond: Double?
    /// Wall seconds of the same work again with attention statistics recorded (`--attention`).
    public var attentionWallSeconds: Double?

    /// Extra wall time of recording attention statistics, as a fraction of the run without.
    public var attentionOverhead: Double? {
        attentionWallSeconds.map { wallSeconds > 0 ? $0 / wallSeconds - 1 : 0 }
    }

    public init(model: String, architecture: String, parameters: Int, threads: Int, batchSize: Int, prompts: Int,
                promptTokens: Int, maxNewTokens: Int, ignoreEOS: Bool, temperature: Double, generatedTokens: Int,
                wallSeconds: Double, cpuSeconds: Double = 0, prefill: PhaseTotals, decode: PhaseTotals, mixed: PhaseTotals, peakRSSBytes: Int?,
                weightFileBytes: Int?, kvCacheBytes: Int, hfReferenceTokensPerSecond: Double? = nil) {
        self.model = model
        self.architecture = architecture
        self.parameters = parameters
        self.threads = threads
        self.batchSize = batchSize
        self.prompts = prompts
        self.promptTokens = promptTokens
        self.maxNewTokens = maxNewTokens
        self.ignoreEOS = ignoreEOS
        self.temperature = temperature
        self.generatedTokens = generatedTokens
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.prefill = prefill
        self.decode = decode
        self.mixed = mixed
        self.peakRSSBytes = peakRSSBytes
        self.weightFileBytes = weightFileBytes
        self.kvCacheBytes = kvCacheBytes
        self.hfReferenceTokensPerSecond = hfReferenceTokensPerSecond
    }

    public var endToEndTokensPerSecond: Double { wallSeconds > 0 ? Double(generatedTokens) / wallSeconds : 0 }
    public var totalFLOPs: Double { prefill.flops + decode.flops + mixed.flops }
    public var endToEndGFLOPsPerSecond: Double { wallSeconds > 0 ? totalFLOPs / wallSeconds / 1e9 : 0 }
    /// CPU time / (wall time × threads): near 1 when the threads had their cores, lower when the
    /// machine was busy with other work (wall-clock rates are then not the machine's).
    public var cpuUtilisation: Double { wallSeconds > 0 ? cpuSeconds / (wallSeconds * Double(threads)) : 0 }

    /// Wall time spent outside the network: sampling, statistics, stop checks, bookkeeping.
    public var outsideNetworkSeconds: Double { max(0, wallSeconds - prefill.seconds - decode.seconds - mixed.seconds) }

    /// The human-readable table.
    public var text: String {
        var lines = [
            "nucleus bench: \(model) (\(architecture), \(Self.millions(parameters)) parameters), \(threads) threads, batch \(batchSize)",
            "work: \(prompts) prompts (\(promptTokens) prompt tokens) × \(maxNewTokens) new tokens"
                + (ignoreEOS ? " (EOS ignored)" : " (or EOS)") + ", T=\(Self.fixed(temperature, 2)), full statistics",
            Self.row("phase", "tokens", "seconds", "tok/s", "GFLOP/s"),
            Self.phaseRow("prefill", prefill),
            Self.phaseRow("decode", decode),
        ]
        if mixed.steps > 0 { lines.append(Self.phaseRow("mixed", mixed)) }
        lines.append(Self.row("end to end", String(generatedTokens), Self.fixed(wallSeconds, 2), Self.fixed(endToEndTokensPerSecond, 1),
                              Self.fixed(endToEndGFLOPsPerSecond, 1)) + "   generated tokens / wall time")
        let share = wallSeconds > 0 ? 100 * outsideNetworkSeconds / wallSeconds : 0
        lines.append("outside the network: \(Self.fixed(outsideNetworkSeconds, 2)) s (\(Self.fixed(share, 0))% of wall time: sampling, statistics, stop checks)")
        if cpuSeconds > 0 {
            lines.append("CPU time \(Self.fixed(cpuSeconds, 2)) s = \(Self.fixed(100 * cpuUtilisation, 0))% of \(threads) threads × wall time"
                         + (cpuUtilisation < 0.8 ? " (the machine was busy: rates understate it)" : ""))
        }
        lines.append("peak RSS \(peakRSSBytes.map(Self.gigabytes) ?? "unknown") (weight files \(weightFileBytes.map(Self.gigabytes) ?? "unknown"), KV cache at most \(Self.gigabytes(kvCacheBytes)))")
        if let reference = hfReferenceTokensPerSecond {
            lines.append("hf reference: \(Self.fixed(reference, 1)) tok/s; ratio nucleus / hf = \(Self.fixed(endToEndTokensPerSecond / reference, 2))×")
        }
        if let attention = attentionWallSeconds, let overhead = attentionOverhead {
            lines.append("attention statistics: \(Self.fixed(attention, 2)) s vs \(Self.fixed(wallSeconds, 2)) s without (\(overhead >= 0 ? "+" : "")\(Self.fixed(100 * overhead, 1))%)")
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON object for scripts: snake_case keys, rates computed, sizes in bytes (null when unknown).
    public var jsonObject: [String: Any] {
        func phase(_ totals: PhaseTotals) -> [String: Any] {
            ["steps": totals.steps, "tokens": totals.tokens, "seconds": totals.seconds, "tok_per_s": totals.tokensPerSecond,
             "gflop": totals.flops / 1e9, "gflop_per_s": totals.gflopsPerSecond]
        }
        return [
            "model": model, "architecture": architecture, "parameters": parameters, "threads": threads,
            "batch_size": batchSize, "prompts": prompts, "prompt_tokens": promptTokens, "max_new_tokens": maxNewTokens,
            "ignore_eos": ignoreEOS, "temperature": temperature, "generated_tokens": generatedTokens,
            "prefill": phase(prefill), "decode": phase(decode), "mixed": phase(mixed),
            "end_to_end": ["tokens": generatedTokens, "seconds": wallSeconds, "tok_per_s": endToEndTokensPerSecond,
                           "gflop": totalFLOPs / 1e9, "gflop_per_s": endToEndGFLOPsPerSecond] as [String: Any],
            "outside_network_seconds": outsideNetworkSeconds, "cpu_seconds": cpuSeconds, "cpu_utilisation": cpuUtilisation,
            "peak_rss_bytes": peakRSSBytes as Any? ?? NSNull(), "weight_file_bytes": weightFileBytes as Any? ?? NSNull(),
            "kv_cache_bytes": kvCacheBytes,
            "hf_reference_tok_per_s": hfReferenceTokensPerSecond as Any? ?? NSNull(),
            "attention_seconds": attentionWallSeconds as Any? ?? NSNull(),
            "attention_overhead": attentionOverhead as Any? ?? NSNull(),
        ]
    }

    /// `jsonObject` as one line of JSON with sorted keys.
    public func json() throws -> String {
        let data = try JSONSerialization.data(withJSONObject: jsonObject, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func phaseRow(_ name: String, _ totals: PhaseTotals) -> String {
        row(name, String(totals.tokens), fixed(totals.seconds, 2), fixed(totals.tokensPerSecond, 1), fixed(totals.gflopsPerSecond, 1))
    }

    static func row(_ name: String, _ tokens: String, _ seconds: String, _ rate: String, _ gflops: String) -> String {
        name.padding(toLength: 12, withPad: " ", startingAt: 0) + [tokens, seconds, rate, gflops].map { leftPad($0, 10) }.joined()
    }

    static func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    static func gigabytes(_ bytes: Int) -> String { String(format: "%.2f GB", Double(bytes) / 1e9) }

    static func millions(_ count: Int) -> String { String(format: "%.1f M", Double(count) / 1e6) }
}
