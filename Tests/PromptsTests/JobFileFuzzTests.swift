import Foundation
import NucleusTestSupport
import Testing
@testable import NucleusCore
@testable import Prompts

/// Seeded fuzz of job files: the repository's jobs/*.yaml and a fixture using every key, mutated
/// structurally (lines deleted, duplicated, swapped, re-indented, truncated, keys renamed or
/// added) and by value (wrong types, negatives, huge numbers, broken quotes, anchors, paths),
/// then loaded, validated and planned as `nucleus run --dry-run` does. Each must succeed or throw
/// one of the job pipeline's errors; a trap ends the run (the printed seed reproduces it).
@Suite struct JobFileFuzzTests {
    static let trials = 1200

    /// Files every seed can name: fake model files, and datasets under $NUCLEUS_DATA.
    struct Sandbox {
        let folder: TempFolder
        let environment: [String: String]
        let seeds: [(text: String, directory: String)]

        init() throws {
            folder = try TempFolder()
            let models = folder.url.appendingPathComponent("models"), data = folder.url.appendingPathComponent("data")
            let rows = (0..<6).map {
                "{\"question\": \"What is \($0) + 1?\", \"answer\": \"#### \($0 + 1)\", \"prompt\": \"p\($0)\", "
                    + "\"story\": \"s\", \"document\": \"d\", \"summary\": \"s\", \"opening\": \"o\"}"
            }.joined(separator: "\n") + "\n"
            let jobFiles = try FileManager.default.contentsOfDirectory(at: jobsFolder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
            var seeds = try jobFiles.map { (text: try String(contentsOf: $0, encoding: .utf8), directory: jobsFolder.path) }
            // Whatever $NUCLEUS_MODELS / $NUCLEUS_DATA names in the jobs exists in the sandbox.
            for seed in seeds {
                for name in Self.captures(#"\$\{NUCLEUS_MODELS[^}]*\}/([^"\s,}]+)"#, in: seed.text) {
                    let path = models.appendingPathComponent(name)
                    try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                    if name.hasSuffix(".gguf") { try Data("GGUF fake".utf8).write(to: path) } else {
                        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
                    }
                }
                for name in Self.captures(#"\$\{NUCLEUS_DATA[^}]*\}/([^"\s,}]+)"#, in: seed.text) {
                    let path = data.appendingPathComponent(name)
                    try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try Data(rows.utf8).write(to: path)
                }
            }
            let local = folder.url
            try Data("GGUF fake".utf8).write(to: local.appendingPathComponent("m.gguf"))
            try Data(rows.utf8).write(to: local.appendingPathComponent("d.jsonl"))
            try Data("question,answer\n\"a, b\",1\nc,2\n".utf8).write(to: local.appendingPathComponent("d.csv"))
            seeds.append((text: Self.everyKey, directory: local.path))
            self.seeds = seeds
            environment = ["NUCLEUS_MODELS": models.path, "NUCLEUS_DATA": data.path]
        }

        static func captures(_ pattern: String, in text: String) -> [String] {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
            return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            }
        }

        /// A job using every key of the format (paths relative to the sandbox).
        static let everyKey = """
            name: every-key
            output: out
            seed: 11
            unit_size: 2
            batch_size: 3
            models:
              - name: m
                path: m.gguf
                chat_template: chatml
                weights: float32
              - {name: m2, path: "${NUCLEUS_UNSET:-.}/m.gguf", chat_template: none}
            datasets:
              - name: math
                path: d.jsonl
                shape: gsm8k
                start: 1
                limit: 4
                instruction: "Solve it."
                answer_type: numeric
                fewshot_pool: {path: d.jsonl, shape: gsm8k}
              - name: facts
                path: d.csv
                shape: custom
                columns: {prompt: question, reference: answer}
                fewshot_pool: {path: d.csv}
            techniques:
              - baseline
              - chain-of-thought
              - {name: cot-2shot, base: chain-of-thought, shots: 2}
              - {name: mine, system: "Be brief.", template: "Q: {prompt}\\nA:", chat: false}
            generation:
              max_new_tokens: 16
              temperature: 0.7
              top_k: 5
              top_p: 0.9
              min_p: 0.05
              repetition_penalty: 1.1
              no_repeat_ngram_size: 0
              stop: ["\\nQ:", "###"]
              samples: 2
              chat: true
            analysis: {top_p: 0.8, top_k: 10, full_distribution: false, attention_entropy: false}

            """
    }

    static let values = [
        "-1", "0", "1", "2", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616", "1e309", "-1e309", ".nan", ".inf", "-.inf", "0x10", "0o17",
        "1_000", "0.5", "-0.0", "''", "\"\"", "~", "null", "[]", "{}", "[1, 2]", "{a: 1}", "true", "no", "'open",
        "\"open", "a: b", "- x", String(repeating: "x", count: 2000), "${NUCLEUS_FUZZ_UNSET}", "${X:-", "${", "$",
        "/dev/null", "/", "..", "../../../../../etc/passwd", "d.jsonl", "m.gguf", "!!binary aGk=", "!!int 5", "!!str 5",
        "!!float x", "&a 1", "*a", "*nowhere", "é🌍", "\t", "|\n  block", ">", "@x", "`x`", "%x", "baseline", "custom",
    ]
    static let fragments = ["\"", "'", ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "#", "\t", "\n", "&a ", "*a", "!", "%", "|", ">", "?", "\\", "\u{0}", "\u{FEFF}"]
    static let documents = ["", "#", "---", "...", "[]", "{}", "null", "~", "{", "a: [", "name: x", "\u{0}\u{1}", "- - -", "&a [*a]", "key: &a\n  b: *a"]

    static func mutate(_ text: String, _ random: inout FuzzRandom) -> String {
        if random.chance(0.02) { return random.pick(documents) }
        var text = text
        for _ in 0..<random.int(1..<4) {
            var lines = text.components(separatedBy: "\n")
            let line = random.int(0..<lines.count)
            switch random.int(0..<10) {
            case 0, 1, 2:  // a value replaced (the most common way a job goes wrong)
                if let colon = lines[line].range(of: ": ") {
                    lines[line] = String(lines[line][..<colon.upperBound]) + random.pick(values)
                } else if let dash = lines[line].range(of: "- ") {
                    lines[line] = String(lines[line][..<dash.upperBound]) + random.pick(values)
                }
            case 3: lines.remove(at: line)
            case 4: lines.insert(lines[line], at: line)
            case 5: lines.swapAt(line, random.int(0..<lines.count))
            case 6:
                let indent = random.pick(["", " ", "  ", "    ", "      ", "\t"])
                lines[line] = indent + lines[line].drop { $0 == " " }
            case 7:
                let indent = String(repeating: " ", count: random.pick([0, 2, 4, 6]))
                lines.insert(indent + random.pick(["colour: blue", "temprature: 1", "name: again", "- extra", "top_k: 3"]), at: line)
            case 8:
                if let colon = lines[line].firstIndex(of: ":") {
                    lines[line].insert(contentsOf: random.pick(["x", "_", "-", ""]), at: colon)
                }
            default:
                var characters = Array(text)
                let at = random.int(0..<characters.count + 1)
                if random.chance(0.3) {
                    characters = Array(characters.prefix(at))
                } else {
                    characters.insert(contentsOf: random.pick(fragments), at: at)
                }
                lines = String(characters).components(separatedBy: "\n")
            }
            text = lines.joined(separator: "\n")
        }
        return text
    }

    /// What `nucleus run --dry-run` does before models: load, validate, read datasets, plan, build prompts.
    static func prepare(_ text: String, directory: String, environment: [String: String]) throws -> Int {
        let job = try JobSpec.parse(yaml: text, path: "fuzz.yaml", directory: directory, environment: environment)
        let prompts = try JobPrompts(job: job)
        let plan = try prompts.plan()
        if let first = plan.units.first, let last = plan.units.last {
            _ = try prompts.prompts(for: first)
            _ = try prompts.prompts(for: last)
        }
        _ = try job.generationSettings()
        return plan.units.count
    }

    /// Every integer key at its extremes, one at a time, on the every-key job: the values a
    /// random mutation may take thousands of trials to reach.
    @Test(arguments: ["seed: 11", "unit_size: 2", "batch_size: 3", "start: 1", "limit: 4", "shots: 2", "max_new_tokens: 16",
                      "top_k: 5", "samples: 2", "no_repeat_ngram_size: 0", "top_k: 10"])
    func extremeIntegersAreRefusedOrPlanned(_ line: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.folder.remove() }
        let key = line.prefix { $0 != ":" }
        for value in ["9223372036854775807", "4611686018427387904", "1000000000", "-9223372036854775808", "0"] {
            let text = Sandbox.everyKey.replacingOccurrences(of: line, with: "\(key): \(value)")
            do {
                _ = try Self.prepare(text, directory: sandbox.folder.url.path, environment: sandbox.environment)
            } catch is JobSpecError {
            } catch is PlanError {
            } catch is DatasetError {
            } catch {
                Issue.record("\(key): \(value): \(type(of: error)): \(error)")
            }
        }
    }

    @Test func mutatedJobFilesLoadOrThrowTheJobErrors() throws {
        let sandbox = try Sandbox()
        defer { sandbox.folder.remove() }
        // The seeds themselves must prepare, or the mutations start from broken ground.
        for seed in sandbox.seeds {
            #expect(throws: Never.self) { try Self.prepare(seed.text, directory: seed.directory, environment: sandbox.environment) }
        }
        var random = FuzzRandom(name: "job YAML")
        var prepared = 0, rejected = 0
        var rejectedBy: [String: Int] = [:]
        for trial in 0..<Self.trials {
            let seed = random.pick(sandbox.seeds)
            let text = Self.mutate(seed.text, &random)
            let context = "seed \(random.seed) trial \(trial)"
            do {
                _ = try Self.prepare(text, directory: seed.directory, environment: sandbox.environment)
                prepared += 1
            } catch let error as JobSpecError {
                #expect(error.file == "fuzz.yaml" && !error.message.isEmpty, "\(context): \(error)")
                #expect(!error.description.contains("\n"), "\(context): a job error is one line: \(error)")
                rejectedBy["JobSpecError", default: 0] += 1
                rejected += 1
            } catch let error as DatasetError {
                #expect(!error.message.isEmpty, "\(context): \(error)")
                rejectedBy["DatasetError", default: 0] += 1
                rejected += 1
            } catch let error as PlanError {
                #expect(error.job == "fuzz.yaml", "\(context): \(error)")
                rejectedBy["PlanError", default: 0] += 1
                rejected += 1
            } catch let error as FileHashError {
                #expect(!error.reason.isEmpty, "\(context): \(error)")
                rejectedBy["FileHashError", default: 0] += 1
                rejected += 1
            } catch {
                Issue.record("\(context): \(type(of: error)) is not a job error: \(error)\n--- input ---\n\(text)")
            }
        }
        print("fuzz job YAML: \(Self.trials) inputs, \(prepared) prepared, \(rejected) rejected \(rejectedBy.sorted { $0.key < $1.key })")
        #expect(prepared > Self.trials / 20 && rejected > Self.trials / 4, "prepared \(prepared), rejected \(rejected)")
    }
}
