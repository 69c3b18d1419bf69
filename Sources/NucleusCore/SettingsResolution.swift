/// A model's own generation defaults: the keys its generation_config.json supplies (the reader of
/// that file decides which apply, e.g. sampling keys only with `do_sample: true`).
public struct ModelGenerationDefaults: Sendable, Equatable {
    /// The file the values come from, named in errors.
    public var file: String
    public var values: GenerationSpec

    public init(file: String, values: GenerationSpec) {
        self.file = file
        self.values = values
    }
}

/// A decided setting outside its range, named by where the value came from.
public struct SettingsError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Origin: Equatable, Sendable {
        /// The job file (path as the user named it) at a key path such as `generation.top_p`.
        case job(file: String, keyPath: String)
        /// A model's generation_config.json, at one of its keys.
        case modelFile(String, key: String)
    }

    public let origin: Origin
    /// What was expected, e.g. "a number in (0, 1]".
    public let expected: String
    /// The offending value as text.
    public let value: String

    public var description: String {
        switch origin {
        case .job(let file, let keyPath): "\(file): \(keyPath): expected \(expected), got '\(value)'"
        case .modelFile(let file, let key): "\(file): \(key): expected \(expected), got '\(value)'"
        }
    }
}

/// The one place where each setting is decided and checked: the job file's value, else the model's
/// generation_config.json, else the built-in default (the initial values of `GenerationSettings`
/// and `AnalysisSettings`). Every decided value is range-checked here, whatever its source, so a
/// generation_config.json temperature of -1 is an error naming that file and key.
public enum SettingsResolution {
    /// The generation settings `job` runs with on a model with `model` defaults (nil: none, or
    /// not known yet — the job's values over the built-in defaults, as the job hash sees them).
    public static func generation(for job: JobSpec, model: ModelGenerationDefaults? = nil) throws -> GenerationSettings {
        try generation(job.generation, keyPath: "generation", jobFile: job.source?.path ?? "<job>", model: model)
    }

    /// The settings of one named block of the job's settings axis (nil: the single block).
    public static func generation(for job: JobSpec, settings name: String?,
                                  model: ModelGenerationDefaults? = nil) throws -> GenerationSettings {
        guard let block = try job.settingsBlock(named: name) else { return try generation(for: job, model: model) }
        return try generation(block.spec, keyPath: block.keyPath, jobFile: job.source?.path ?? "<job>", model: model)
    }

    private static func generation(_ spec: GenerationSpec, keyPath: String, jobFile: String,
                                   model: ModelGenerationDefaults?) throws -> GenerationSettings {
        let resolver = Resolver(job: spec, keyPath: keyPath, jobFile: jobFile, model: model)
        var s = GenerationSettings()
        s.maxNewTokens = try resolver.pick(\.maxNewTokens, "max_new_tokens", s.maxNewTokens, "an integer ≥ 1") { $0 >= 1 }
        s.temperature = try resolver.pick(\.temperature, "temperature", s.temperature, "a number ≥ 0") {
            $0.isFinite && $0 >= 0
        }
        s.topK = try resolver.pick(\.topK, "top_k", s.topK, "an integer ≥ 0") { $0 >= 0 }
        s.topP = try resolver.pick(\.topP, "top_p", s.topP, "a number in (0, 1]") { $0 > 0 && $0 <= 1 }
        s.minP = try resolver.pick(\.minP, "min_p", s.minP, "a number in [0, 1)") { $0 >= 0 && $0 < 1 }
        s.repetitionPenalty = try resolver.pick(\.repetitionPenalty, "repetition_penalty", s.repetitionPenalty,
                                                "a number > 0") { $0.isFinite && $0 > 0 }
        s.noRepeatNgramSize = try resolver.pick(\.noRepeatNgramSize, "no_repeat_ngram_size", s.noRepeatNgramSize,
                                                "an integer ≥ 0") { $0 >= 0 }
        s.stop = try resolver.pick(\.stop, "stop", s.stop, "non-empty strings") { !$0.contains("") }
        s.samples = try resolver.pick(\.samples, "samples", s.samples, "an integer ≥ 1") { $0 >= 1 }
        s.chat = try resolver.pick(\.chat, "chat", s.chat, "true or false") { _ in true }
        return s
    }

    /// Checks `job`'s analysis settings (no model supplies any).
    public static func checkAnalysis(of job: JobSpec) throws {
        let file = job.source?.path ?? "<job>"
        let analysis = job.analysis
        guard analysis.topP > 0 && analysis.topP <= 1 else {
            throw SettingsError(origin: .job(file: file, keyPath: "analysis.top_p"), expected: "a number in (0, 1]",
                                value: "\(analysis.topP)")
        }
        guard analysis.topK >= 1 else {
            throw SettingsError(origin: .job(file: file, keyPath: "analysis.top_k"), expected: "an integer ≥ 1",
                                value: "\(analysis.topK)")
        }
        if let top = analysis.storeDistributionTop {
            guard analysis.storeDistribution != nil else {
                throw SettingsError(origin: .job(file: file, keyPath: "analysis.store_distribution_top"),
                                    expected: "analysis.store_distribution: fp16 alongside it", value: "\(top)")
            }
            // The upper bound, the vocabulary size, is checked when the model is loaded.
            guard top >= 1 else {
                throw SettingsError(origin: .job(file: file, keyPath: "analysis.store_distribution_top"),
                                    expected: "an integer ≥ 1 (at most the vocabulary size)", value: "\(top)")
            }
        }
    }

    private struct Resolver {
        let job: GenerationSpec
        let keyPath: String
        let jobFile: String
        let model: ModelGenerationDefaults?

        /// The job's value, else the model's, else `builtIn`; a value from a file must pass `valid`.
        func pick<Value>(_ key: KeyPath<GenerationSpec, Value?>, _ name: String, _ builtIn: Value,
                                  _ expected: String, valid: (Value) -> Bool) throws -> Value {
            if let value = job[keyPath: key] {
                guard valid(value) else {
                    throw SettingsError(origin: .job(file: jobFile, keyPath: "\(keyPath).\(name)"), expected: expected,
                                        value: "\(value)")
                }
                return value
            }
            if let model, let value = model.values[keyPath: key] {
                guard valid(value) else {
                    throw SettingsError(origin: .modelFile(model.file, key: name), expected: expected, value: "\(value)")
                }
                return value
            }
            return builtIn
        }
    }
}

extension JobSpec {
    /// The generation settings of this job on a model with `model` defaults; see `SettingsResolution`.
    public func generationSettings(model: ModelGenerationDefaults? = nil) throws -> GenerationSettings {
        try SettingsResolution.generation(for: self, model: model)
    }

    /// The generation settings of the settings block `settings` (nil: the single block).
    public func generationSettings(settings: String?, model: ModelGenerationDefaults? = nil) throws -> GenerationSettings {
        try SettingsResolution.generation(for: self, settings: settings, model: model)
    }
}
