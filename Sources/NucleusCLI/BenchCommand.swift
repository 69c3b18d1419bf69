import ArgumentParser
import Foundation
import Generation
import NucleusCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure generated tokens/s on a prompt set, with full per-token statistics.",
        discussion: """
            Default workload (W1 of bench/README.md): every prompt × 100 new tokens, sampling at \
            temperature 1 (top-p 1, no top-k), statistics with nucleus p \(AnalysisSettings().topP), batch 32. With --hf-model, \
            also runs the Hugging Face reference pipeline (needs python3 with torch and transformers) on the \
            same work in the same run and prints the ratio.
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .long, help: ArgumentHelp("JSONL file with a `prompt` field per line (the default is relative to the repository root).", valueName: "path"))
    var prompts = "bench/prompts-64.jsonl"

    @Option(name: .long, parsing: .unconditional, help: "New tokens per prompt.")
    var maxNewTokens = 100

    @Option(name: .long, parsing: .unconditional, help: "Sequences decoded together.")
    var batchSize = 32

    @OptionGroup var sampling: SamplingOptions

    @Option(name: .long, help: ArgumentHelp("The Hugging Face reference pipeline, for the side-by-side run.", valueName: "path"))
    var hfScript = "bench/hf_reference.py"

    @Option(name: .long, help: ArgumentHelp("Hugging Face folder of the same model (gguf_to_hf.py makes one).", valueName: "path"))
    var hfModel: String?

    @Option(name: .long, help: ArgumentHelp("Python with torch and transformers, for the reference run.", valueName: "path"))
    var hfPython = "python3"

    func run() throws {
        let texts = try Self.readPrompts(prompts)
        let loaded = try modelOptions.load()
        let generator = try Generator(model: loaded.model, tokenizer: loaded.tokenizer, threads: modelOptions.threads)
        let options = GenerationOptions(
            sampling: sampling.settings,
            stop: try StopRule(eosTokenIds: loaded.endOfSequenceIDs, maxNewTokens: maxNewTokens),
            batchSize: batchSize, nucleusTopP: AnalysisSettings().topP, topK: AnalysisSettings().topK)
        let requests = texts.enumerated().map { index, text in
            GenerationRequest(promptIDs: loaded.tokenizer.encode(text), rng: SequenceRNG(key: sampling.seed &+ UInt64(index)))
        }
        var warmUp = options
        warmUp.stop = try StopRule(eosTokenIds: [], maxNewTokens: 4)
        _ = try generator.generate(Array(requests.prefix(batchSize)), options: warmUp)

        let started = Date()
        let sequences = try generator.generate(requests, options: options)
        let seconds = Date().timeIntervalSince(started)
        let tokens = sequences.reduce(0) { $0 + $1.ids.count }
        let rate = Double(tokens) / seconds
        print(String(format: "nucleus: %d prompts, %d generated tokens in %.2f s = %.1f tok/s (batch %d, %d threads, full statistics)",
                     texts.count, tokens, seconds, rate, batchSize, modelOptions.threads))

        guard let hfModel else { return }
        guard let reference = try Self.runReference(python: hfPython, script: hfScript, model: hfModel, prompts: prompts, batchSize: batchSize,
                                                   maxNewTokens: maxNewTokens, threads: modelOptions.threads) else { return }
        print(String(format: "hf reference: %.1f tok/s; ratio nucleus / hf = %.2f×", reference, rate / reference))
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

    /// Runs hf_reference.py in full mode and returns its tokens/s, or nil (with a note) when torch is missing.
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
            print("hf reference: not run (\(python) \(script) exited \(process.terminationStatus); it needs torch and transformers)")
            return nil
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("SUMMARY ") }),
              let summary = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(8).utf8)) as? [String: Any],
              let runs = summary["runs"] as? [[String: Any]], let rate = runs.last?["tok_per_s"] as? Double else {
            print("hf reference: no SUMMARY line in its output")
            return nil
        }
        return rate
    }
}
