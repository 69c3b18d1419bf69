import Foundation
import Generation
import ModelLoading
import NucleusCore
import Prompts
import Tokenizer

/// A prompt that cannot run on a model: where it comes from and why.
public struct PromptLimitProblem: Sendable, Equatable, CustomStringConvertible {
    public var model: String
    public var dataset: String
    /// The dataset file and the 1-based line where the row starts.
    public var datasetFile: String
    public var line: Int
    /// The dataset row (0-based, as unit files record it).
    public var row: Int
    public var technique: String
    public var problem: String

    public var description: String {
        "\(datasetFile):\(line) (dataset \(dataset) row \(row), technique \(technique), model \(model)): \(problem)"
    }
}

/// Prompts of a job that cannot run, found before any model is loaded.
public struct PromptLimitError: Error, CustomStringConvertible, Sendable {
    public var jobFile: String
    /// A model whose max_new_tokens leaves no room for any prompt (the prompts are then not listed).
    public var modelProblems: [String]
    public var promptProblems: [PromptLimitProblem]
    /// Problems listed in the message; the rest are counted.
    static let listed = 20

    public var description: String {
        var lines = modelProblems.map { "\(jobFile): \($0)" }
        if !promptProblems.isEmpty {
            lines.append("\(jobFile): \(promptProblems.count) prompts cannot run (lower generation.max_new_tokens, or leave the rows out with start/limit or by editing the dataset):")
            lines += promptProblems.prefix(Self.listed).map { "  \($0)" }
            if promptProblems.count > Self.listed { lines.append("  … and \(promptProblems.count - Self.listed) more") }
        }
        return lines.joined(separator: "\n")
    }
}

/// What the check found for one model: the limits and the longest prompt.
public struct PromptLimitSummary: Sendable, Equatable {
    public var model: String
    public var contextLength: Int
    public var maxNewTokens: Int
    public var longestPrompt: Int
    public var prompts: Int
}

extension JobRun {
    /// Checks every prompt of the job against each model's limits without loading weights: the
    /// tokenizer and the context length come from the GGUF metadata or config.json, and
    /// max_new_tokens as the run will resolve it (generation_config.json included). A prompt
    /// must have a token, and its tokens plus max_new_tokens must fit the context. Run by
    /// `nucleus run` (also with `--dry-run`) and `nucleus submit` before anything is written.
    ///
    /// - Parameter unreadable: when given, a model whose tokenizer, metadata or generation_config.json
    ///   cannot be read is reported through it and not checked (a run goes on: that model's units
    ///   fail when it loads, the others run); when nil, that error is thrown (`--dry-run`, `submit`).
    /// - Throws: `PromptLimitError` naming each dataset file, line and row that cannot run.
    @discardableResult
    public func checkPromptLimits(unreadable: ((String) -> Void)? = nil) throws -> [PromptLimitSummary] {
        var summaries: [PromptLimitSummary] = []
        var modelProblems: [String] = []
        var promptProblems: [PromptLimitProblem] = []
        for spec in job.models {
            let source: ModelSource, contextLength: Int, maxNewTokens: Int
            do {
                source = try ModelSource(path: spec.path)
                contextLength = try source.contextLength()
                maxNewTokens = try job.settingsNames.map { try source.generationSettings(for: job, settings: $0).maxNewTokens }.max() ?? 0
            } catch {
                guard let unreadable else { throw error }
                unreadable("model \(spec.name): prompt lengths not checked: \(error)")
                continue
            }
            for dataset in job.datasets where dataset.task == .score {
                if let window = dataset.window, window > contextLength {
                    modelProblems.append("model \(spec.name): dataset \(dataset.name) has window \(window), beyond the model's context length \(contextLength)")
                } else if let stride = dataset.stride, stride > (dataset.window ?? contextLength) {
                    modelProblems.append("model \(spec.name): dataset \(dataset.name) has stride \(stride), beyond its window \(dataset.window ?? contextLength) (the model's context length)")
                }
            }
            // Scoring and ranking generate nothing: max_new_tokens only limits generation prompts.
            let generates = job.datasets.contains { $0.task == .generate }
            if generates && maxNewTokens >= contextLength {
                modelProblems.append("model \(spec.name): max_new_tokens \(maxNewTokens) (\(maxNewTokensOrigin(source))) leaves no room for a prompt in its context length \(contextLength)")
                continue
            }
            let tokenizer: Tokenizer
            do {
                tokenizer = try source.loadTokenizer()
            } catch {
                guard let unreadable else { throw error }
                unreadable("model \(spec.name): prompt lengths not checked: \(error)")
                continue
            }
            let template = chatTemplate(for: spec.chatTemplate, date: spec.date, tokenizer: tokenizer)
            var longest = 0
            var count = 0
            // Prompts do not depend on the sample index: sample 0's units cover them all.
            // Scored texts of any length run (in rolling windows): only generation prompts are checked.
            let generating = Set(job.datasets.filter { $0.task == .generate }.map(\.name))
            for unit in plan.units where unit.cell.model == spec.name && unit.cell.sample == 0 && generating.contains(unit.cell.dataset) {
                for prompt in try prompts.prompts(for: unit) {
                    let tokens = tokenizer.encode(promptText(prompt, template: template)).count
                    longest = max(longest, tokens)
                    count += 1
                    guard let problem = Generator.promptProblem(tokens: tokens, maxNewTokens: maxNewTokens,
                                                                contextLength: contextLength) else { continue }
                    let dataset = prompts.datasets[unit.cell.dataset]
                    promptProblems.append(PromptLimitProblem(
                        model: spec.name, dataset: unit.cell.dataset, datasetFile: dataset?.path ?? unit.cell.dataset,
                        line: prompt.row.line, row: prompt.row.index, technique: unit.cell.technique, problem: problem))
                }
            }
            summaries.append(PromptLimitSummary(model: spec.name, contextLength: contextLength, maxNewTokens: maxNewTokens,
                                                longestPrompt: longest, prompts: count))
        }
        guard modelProblems.isEmpty, promptProblems.isEmpty else {
            throw PromptLimitError(jobFile: job.source?.path ?? job.name, modelProblems: modelProblems,
                                   promptProblems: promptProblems)
        }
        return summaries
    }

    /// Where max_new_tokens came from, for messages.
    private func maxNewTokensOrigin(_ source: ModelSource) -> String {
        if job.generation.maxNewTokens != nil { return "generation.max_new_tokens of the job" }
        if let defaults = source.generationDefaults.settingsDefaults, defaults.values.maxNewTokens != nil {
            return "from \(defaults.file)"
        }
        return "the built-in default"
    }
}
