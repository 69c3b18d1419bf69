import ArgumentParser
import Benchmarking
import Foundation
import Generation
import NucleusCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prefill, decode and end-to-end tokens/s, GFLOP/s and peak memory on a prompt set, with full per-token statistics.",
        discussion: """
            Default workload (W1 of bench/README.md): every prompt × 100 new tokens, sampling at \
            temperature 1 (top-p 1, no top-k), statistics with nucleus p \(AnalysisSettings().topP), batch 32. \
            --ignore-eos makes the work fixed (every sequence gets exactly --max-new-tokens); --prompt-tokens \
            makes every prompt exactly that many tokens (as llama-batched-bench's -npp). Forward steps are \
            timed one by one: prefill = steps that only feed prompts, decode = steps of one new token per \
            sequence. GFLOP/s counts 2 FLOPs per multiply-add of the projections, the LM head and attention \
            (formula in Sources/Benchmarking/BenchFLOPs.swift). With --hf-model, also runs the Hugging Face \
            reference pipeline (needs python3 with torch and transformers) on the same work in the same run and \
            prints the ratio.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("JSONL file with a `prompt` field per line (the default is relative to the repository root).", valueName: "path"))
    var prompts = "bench/prompts-64.jsonl"

    @Option(name: .long, parsing: .unconditional, help: "Use only the first N prompts of the file (default: all).")
    var promptCount: Int?

    @Option(name: .long, parsing: .unconditional, help: "Make every prompt exactly N tokens (its own tokens repeated or cut), for runs comparable with llama-batched-bench -npp N.")
    var promptTokens: Int?

    @Option(name: .long, parsing: .unconditional, help: "New tokens per prompt.")
    var maxNewTokens = 100

    @Flag(name: .long, help: "Do not stop at end-of-sequence tokens: every sequence generates --max-new-tokens (fixed work).")
    var ignoreEos = false

    @Option(name: .long, parsing: .unconditional, help: "Sequences decoded together.")
    var batchSize = 32

    @Option(name: .long, parsing: .unconditional, help: "New tokens of the untimed warm-up run on the first batch (0: no warm-up).")
    var warmUpTokens = 4

    @Flag(name: .long, help: "Print one JSON object (snake_case keys) instead of the table.")
    var json = false

    @OptionGroup var sampling: SamplingOptions

    @Flag(name: .long, help: "Run the work a second time recording attention entropy and varentropy per layer × head, and report the extra time.")
    var attention = false

    @Option(name: .long, help: ArgumentHelp("The Hugging Face reference pipeline, for the side-by-side run.", valueName: "path"))
    var hfScript = "bench/hf_reference.py"

    @Option(name: .long, help: ArgumentHelp("Hugging Face folder of the same model (gguf_to_hf.py makes one).", valueName: "path"))
    var hfModel: String?

    @Option(name: .long, help: ArgumentHelp("Python with torch and transformers, for the reference run.", valueName: "path"))
    var hfPython = "python3"

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard maxNewTokens >= 1 else { throw ValidationError("--max-new-tokens must be at least 1") }
        guard warmUpTokens >= 0 else { throw ValidationError("--warm-up-tokens must be at least 0") }
        if let promptCount, promptCount < 1 { throw ValidationError("--prompt-count must be at least 1") }
        if let promptTokens, promptTokens < 1 { throw ValidationError("--prompt-tokens must be at least 1") }
    }

    func run() throws {
        var texts = try Self.readPrompts(prompts)
        if let promptCount { texts = Array(texts.prefix(promptCount)) }
        guard !texts.isEmpty else { throw ValidationError("\(prompts): no prompts") }
        let loaded = try modelOptions.load()
        let timed = TimedModel(loaded.model)
        let generator = try Generator(model: timed, tokenizer: loaded.tokenizer, threads: modelOptions.threads)
        let options = GenerationOptions(
            sampling: sampling.settings,
            stop: try StopRule(eosTokenIds: ignoreEos ? [] : loaded.endOfSequenceIDs, maxNewTokens: maxNewTokens),
            batchSize: batchSize, nucleusTopP: AnalysisSettings().topP, topK: AnalysisSettings().topK)
        let requests = try texts.enumerated().map { index, text in
            GenerationRequest(promptIDs: try Self.fitted(loaded.tokenizer.encode(text), to: promptTokens, prompt: index),
                              rng: SequenceRNG(key: sampling.seed &+ UInt64(index)))
        }
        if warmUpTokens > 0 {
            var warmUp = options
            warmUp.stop = try StopRule(eosTokenIds: [], maxNewTokens: warmUpTokens)
            _ = try generator.generate(Array(requests.prefix(batchSize)), options: warmUp)
            timed.resetTotals()
        }

        let started = DispatchTime.now().uptimeNanoseconds, startedCPU = BenchCPUTime.processSeconds()
        let sequences = try generator.generate(requests, options: options)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpuSeconds = BenchCPUTime.processSeconds() - startedCPU
        if let failed = sequences.first(where: { $0.finishReason == .error }) {
            throw ValidationError("a prompt could not be generated: \(failed.error ?? "unknown error")")
        }

        var report = BenchReport(
            model: (modelOptions.model as NSString).lastPathComponent, architecture: loaded.model.config.architecture,
            parameters: loaded.model.parameterCount, threads: modelOptions.threads, batchSize: batchSize, prompts: texts.count,
            promptTokens: requests.reduce(0) { $0 + $1.promptIDs.count }, maxNewTokens: maxNewTokens, ignoreEOS: ignoreEos,
            temperature: sampling.temperature, generatedTokens: sequences.reduce(0) { $0 + $1.ids.count }, wallSeconds: seconds,
            cpuSeconds: cpuSeconds, prefill: timed.prefill, decode: timed.decode, mixed: timed.mixed, peakRSSBytes: BenchMemory.peakResidentBytes(),
            weightFileBytes: BenchMemory.weightFileBytes(modelOptions.model), kvCacheBytes: timed.peakCacheBytes)
        if attention {
            var recording = options
            recording.attentionStatistics = true
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try generator.generate(requests, options: recording)
            report.attentionWallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        if let hfModel {
            report.hfReferenceTokensPerSecond = try Self.runReference(
                python: hfPython, script: hfScript, model: hfModel, prompts: prompts, batchSize: batchSize,
                maxNewTokens: maxNewTokens, threads: modelOptions.threads)
        }
        print(json ? try report.json() : report.text)
    }

    /// `ids` made exactly `count` long by cycling them (nil: unchanged), so that every prompt of a
    /// synthetic run has the same length while staying ordinary text tokens.
    static func fitted(_ ids: [Int32], to count: Int?, prompt index: Int) throws -> [Int32] {
        guard let count else { return ids }
        guard !ids.isEmpty else { throw ValidationError("prompt \(index + 1) encodes to no tokens") }
        return (0..<count).map { ids[$0 % ids.count] }
    }

    static func readPrompts(_ path: String) throws -> [String] {
        try readTextFile(path).split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.enumerated().map { index, line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let prompt = object["prompt"] as? String else {
                throw ValidationError("\(path):\(index + 1): expected a JSON object with a string `prompt`")
            }
            return prompt
        }
    }

    /// Runs hf_reference.py in full mode and returns its tokens/s, or nil (with a note on stderr) when
    /// torch is missing; stdout stays the report's alone (--json).
    static func runReference(python: String, script: String, model: String, prompts: String, batchSize: Int, maxNewTokens: Int,
                             threads: Int) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--model", model, "--prompts", prompts, "--batch-size", String(batchSize),
                             "--max-new-tokens", String(maxNewTokens), "--threads", String(threads), "--mode", "full", "--repeats", "1"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write(Data("hf reference: not run (\(python) \(script) exited \(process.terminationStatus); it needs torch and transformers)\n".utf8))
            return nil
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("SUMMARY ") }),
              let summary = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(8).utf8)) as? [String: Any],
              let runs = summary["runs"] as? [[String: Any]], let rate = runs.last?["tok_per_s"] as? Double else {
            FileHandle.standardError.write(Data("hf reference: no SUMMARY line in its output\n".utf8))
            return nil
        }
        return rate
    }
}
