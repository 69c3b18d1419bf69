import Foundation

/// A job file: one experiment grid of models × datasets × techniques (× samples).
///
/// Job files are YAML with snake_case keys. Unknown keys are errors, at every level.
/// Paths may use `${VAR}` or `${VAR:-fallback}` (environment); relative paths resolve against
/// the job file's folder.
///
/// ```yaml
/// name: smoke                  # required; experiment name, [A-Za-z0-9._-]+
/// output: ../results/smoke     # required; results folder (not part of the job hash)
/// seed: 1234                   # required; non-negative integer, root of every RNG stream
/// unit_size: 4                 # dataset rows per work unit (default 16)
/// batch_size: 8                # sequences decoded together, fixed per unit (default 8)
/// models:                      # required, non-empty, unique names
///   - name: smollm2-135m       # [A-Za-z0-9._-]+
///     path: ../models/SmolLM2-135M-Instruct.Q4_1.gguf   # GGUF file or Hugging Face folder; must exist
///     chat_template: auto      # auto | chatml | llama3 | llama31 | mistral | deepseek | gemma | none (default auto)
///     date: "06 Dec 2026"      # Today Date of Llama 3.1+ templates (default: the template's own)
///     weights: stored          # stored | float32 (default stored; not part of the job hash: results are
///                              #   bitwise the same). stored keeps F16/BF16 layer matrices 16-bit and
///                              #   GGUF Q4_0/Q4_1/Q8_0/Q4_K/Q5_K/Q6_K ones as 4- or 8-bit integer groups
///                              #   (a quarter to a sixth of float32), widened in registers; float32
///                              #   converts them at load. F32 stays F32 either way; norms and biases are
///                              #   float32.
///     compute: f32             # f32 | bf16 (default f32). bf16 computes as transformers does with the model
///                              #   loaded in bfloat16 (README "bf16 compute"); part of the job hash only when bf16.
/// datasets:                    # required, non-empty, unique names
///   - name: math               # [A-Za-z0-9._-]+
///     path: ../data/smoke/math.jsonl   # .jsonl or .csv; must exist
///     shape: gsm8k             # gsm8k | xsum | writingprompts | simpleqa | custom (default custom)
///     columns: {prompt: question, reference: answer}   # required for custom; overrides a shape
///     start: 0                 # first row used (default 0)
///     limit: 6                 # rows used from start (default: all)
///     instruction: "..."       # task instruction before each prompt (default: the shape's)
///     answer_type: numeric     # numeric | text (default: numeric for gsm8k, else text)
///     fewshot_pool: {path: ../data/train.jsonl, shape: gsm8k}   # exemplars for shots > 0
///     task: generate           # generate | score (default generate; score reads each row's text teacher-
///                              #   forced: columns.text, else the shape's story/document/question; README "Scoring")
///     window: 1024             # task score: tokens per rolling window (default: the model's context length)
///     stride: 512              # task score: positions each later window scores, 1...window (default: window / 2)
///     label: factual           # grouping label of every row, or label_column: kind (each row's value, required
///                              #   non-empty); not both. Stored per prompt; the reducer groups attention by it
/// techniques:                  # required, non-empty, unique names
///   - baseline                 # built-ins: baseline, chain-of-thought, chain-of-draft, completion
///   - {name: cot-3shot, base: chain-of-thought, shots: 3}   # inline; keys in TechniqueDefinition
/// generation:                  # all optional: else the model's generation_config.json, else the
///                              #   defaults in GenerationSettings (see SettingsResolution); or a list
///                              #   of named blocks, or sweep lists (see GenerationGridSpec)
///   max_new_tokens: 48         # ≥ 1
///   temperature: 1.0           # ≥ 0 (0 = greedy)
///   top_k: 0                   # ≥ 0 (0 = off)
///   top_p: 1.0                 # in (0, 1]
///   min_p: 0.0                 # in [0, 1)
///   repetition_penalty: 1.0    # > 0 (1 = off)
///   no_repeat_ngram_size: 0    # ≥ 0 (0 = off)
///   stop: ["\nQuestion:"]      # stop strings
///   samples: 1                 # ≥ 1 samples per prompt, one cell each
///   chat: true                 # use chat templates
/// analysis:                    # all optional; see AnalysisSettings
///   top_p: 0.9                 # nucleus mass for nucleus statistics, in (0, 1]
///   top_k: 20                  # top tokens stored per step, ≥ 1
///   store_distribution: fp16   # store each token's p = softmax(raw logits) as float16 in /distributions (large;
///                              #   alias full_distribution: true)
///   store_distribution_top: 1000  # only the N most probable tokens and their ids, 1 ≤ N ≤ vocabulary
///   attention: false           # store attention entropy / varentropy per layer × head (alias attention_entropy)
///   average_distribution: false  # task score: store Σ p_t per unit for the cell's average distribution
/// ```
///
/// Errors are one line: `FILE:LINE: KEY.PATH: what was expected, got what`.
public struct JobSpec: Codable, Sendable, Equatable {
    public var name: String
    /// Results folder; absolute after `load`.
    public var output: String
    public var seed: UInt64
    public var unitSize: Int
    public var batchSize: Int
    public var models: [ModelSpec]
    public var datasets: [DatasetSpec]
    public var techniques: [TechniqueSpec]
    /// As written; `generationSettings(model:)` decides the values a run uses. With several
    /// settings blocks (`settingsGrid`), the first of them.
    public var generation: GenerationSpec
    /// The named settings blocks when `generation:` is a list or a sweep (see `GenerationGridSpec`);
    /// nil for a single block.
    public var settingsGrid: [NamedGenerationSpec]?
    public var analysis: AnalysisSettings
    /// Where the job was read from; `nil` for a spec built in code. Not encoded.
    public var source: JobSource?

    public init(
        name: String, output: String, seed: UInt64, unitSize: Int = 16, batchSize: Int = 8,
        models: [ModelSpec], datasets: [DatasetSpec], techniques: [TechniqueSpec],
        generation: GenerationSpec = GenerationSpec(), analysis: AnalysisSettings = AnalysisSettings()
    ) {
        self.name = name
        self.output = output
        self.seed = seed
        self.unitSize = unitSize
        self.batchSize = batchSize
        self.models = models
        self.datasets = datasets
        self.techniques = techniques
        self.generation = generation
        self.analysis = analysis
    }

    /// In file order, so "expected one of" lists read like the documentation.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, output, seed
        case unitSize = "unit_size"
        case batchSize = "batch_size"
        case models, datasets, techniques, generation, analysis
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        output = try container.decode(String.self, forKey: .output)
        seed = try container.decode(UInt64.self, forKey: .seed)
        unitSize = try container.decodeIfPresent(Int.self, forKey: .unitSize) ?? 16
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? 8
        models = try container.decode([ModelSpec].self, forKey: .models)
        datasets = try container.decode([DatasetSpec].self, forKey: .datasets)
        techniques = try container.decode([TechniqueSpec].self, forKey: .techniques)
        let grid = try container.decodeIfPresent(GenerationGridSpec.self, forKey: .generation)
        generation = grid?.first ?? GenerationSpec()
        settingsGrid = grid?.blocks
        analysis = try container.decodeIfPresent(AnalysisSettings.self, forKey: .analysis) ?? AnalysisSettings()
    }

    /// An error about `keyPath` of this job, located in its file when it came from one.
    public func error(at keyPath: String, _ message: String) -> JobSpecError {
        JobSpecError(
            file: source?.path ?? "<job>", line: source?.lines[keyPath], keyPath: keyPath, message: message)
    }
}

/// The file a job was loaded from.
public struct JobSource: Sendable, Equatable {
    /// As the user named it (used in messages).
    public var path: String
    /// Absolute folder of the job file, against which relative paths were resolved.
    public var directory: String
    /// 1-based line of each key path's value, e.g. `"techniques[1]": 14`.
    public var lines: [String: Int]

    public init(path: String, directory: String, lines: [String: Int] = [:]) {
        self.path = path
        self.directory = directory
        self.lines = lines
    }
}
