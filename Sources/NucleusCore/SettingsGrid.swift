/// One named block of sampling settings: an axis value of the grid (model × dataset × technique ×
/// settings × sample). Its keys left out fall back, as for a single block, to the model's
/// generation_config.json and then the built-in defaults.
public struct NamedGenerationSpec: Codable, Sendable, Equatable {
    public var name: String
    public var spec: GenerationSpec
    /// Where the block's keys live in the job file (`generation[2]`, or `generation` for the sweep
    /// form), so a value out of range is reported at its line. Not encoded.
    public var keyPath: String

    public init(name: String, spec: GenerationSpec, keyPath: String = "generation") {
        self.name = name
        self.spec = spec
        self.keyPath = keyPath
    }

    enum CodingKeys: String, CodingKey { case name, spec }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        spec = try container.decode(GenerationSpec.self, forKey: .spec)
        keyPath = "generation"
    }
}

/// `generation:` of a job file in any of its three forms:
///
/// ```yaml
/// generation: {temperature: 0.7, samples: 4}          # one block: today's cells, ids and job hash
///
/// generation:                                          # a list of named blocks
///   - {name: greedy, temperature: 0, samples: 1}
///   - {name: hot, temperature: 1.5, samples: 8}
///
/// generation: {temperature: [0.2, 1.0], top_p: [0.9, 1.0], samples: 8}   # the sweep form
/// ```
///
/// In the sweep form every numeric sampling key may hold a list; the blocks are the Cartesian
/// product of the lists in key order (max_new_tokens, temperature, top_k, top_p, min_p,
/// repetition_penalty, no_repeat_ngram_size), and each is named by its swept values, joined with
/// `_`: `n` max_new_tokens, `t` temperature, `k` top_k, `p` top_p, `minp` min_p, `rp`
/// repetition_penalty, `nr` no_repeat_ngram_size, followed by the value as Swift prints it
/// (`t0.2`, `t1.0`, `k40`, `t0.7_p0.9`). Scalar keys are shared by every block.
struct GenerationGridSpec: Decodable {
    /// The single block, or the first block of a grid (so code that needs one block's settings
    /// without a cell, such as `chat` for a whole job, has one).
    var first: GenerationSpec
    /// nil for the single-block form.
    var blocks: [NamedGenerationSpec]?

    private typealias Keys = GenerationSettings.CodingKeys

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var blocks: [NamedGenerationSpec] = []
            while !list.isAtEnd {
                let index = list.currentIndex
                let block = try list.decode(ListedBlock.self)
                blocks.append(NamedGenerationSpec(name: block.name, spec: block.spec, keyPath: "generation[\(index)]"))
            }
            guard let head = blocks.first else {
                throw JobSpecIssue(keyPath: "generation", message: "expected at least one settings block, got an empty list")
            }
            try Self.rejectDuplicates(blocks.map(\.name), keyPaths: blocks.map { "\($0.keyPath).name" })
            first = head.spec
            self.blocks = blocks
            return
        }
        try decoder.rejectUnknownKeys(Keys.self)
        let container = try decoder.container(keyedBy: Keys.self)
        let axes = try Self.sweepAxes(container)
        let shared = try GenerationSpec.decodingScalars(from: decoder, skipping: Set(axes.map(\.key)))
        guard !axes.isEmpty else {
            first = shared
            blocks = nil
            return
        }
        var expanded = [NamedGenerationSpec(name: "", spec: shared)]
        for axis in axes {
            expanded = expanded.flatMap { block in
                axis.values.map { value in
                    var spec = block.spec
                    value.apply(to: &spec)
                    let part = axis.prefix + value.text
                    return NamedGenerationSpec(name: block.name.isEmpty ? part : "\(block.name)_\(part)", spec: spec)
                }
            }
        }
        // Two equal values in one list would make two cells with one name.
        for axis in axes {
            try Self.rejectDuplicates(axis.values.map { axis.prefix + $0.text },
                                      keyPaths: axis.values.indices.map { "generation.\(axis.key.stringValue)[\($0)]" })
        }
        first = expanded[0].spec
        blocks = expanded
    }

    /// A list entry: `name` plus the keys of a single block.
    private struct ListedBlock: Decodable {
        var name: String
        var spec: GenerationSpec

        private enum NameKey: String, CodingKey { case name }

        init(from decoder: any Decoder) throws {
            let allowed = ["name"] + Keys.allCases.map(\.stringValue)
            let any = try decoder.container(keyedBy: AnyCodingKey.self)
            for key in any.allKeys where !allowed.contains(key.stringValue) {
                throw JobSpecIssue(codingPath: decoder.codingPath + [key],
                                   message: "unknown key (expected one of: \(allowed.joined(separator: ", ")))",
                                   locateKey: true)
            }
            guard let name = try decoder.container(keyedBy: NameKey.self).decodeIfPresent(String.self, forKey: .name) else {
                throw JobSpecIssue(codingPath: decoder.codingPath,
                                   message: "a settings block in a list needs a name (e.g. name: greedy)")
            }
            self.name = name
            spec = try GenerationSpec.decodingScalars(from: decoder, skipping: [])
        }
    }

    private struct SweepAxis {
        var key: GenerationSettings.CodingKeys
        var prefix: String
        var values: [SweepValue]
    }

    private struct SweepValue {
        var text: String
        var apply: (inout GenerationSpec) -> Void

        func apply(to spec: inout GenerationSpec) { apply(&spec) }
    }

    /// The keys written as lists, in key order; an empty list is an error at that key.
    private static func sweepAxes(_ container: KeyedDecodingContainer<Keys>) throws -> [SweepAxis] {
        var axes: [SweepAxis] = []
        func integers(_ key: Keys, _ prefix: String, _ set: @escaping (inout GenerationSpec, Int) -> Void) throws {
            guard let values = try? container.decodeIfPresent([Int].self, forKey: key) else { return }
            try checkNotEmpty(values, key)
            axes.append(SweepAxis(key: key, prefix: prefix, values: values.map { value in
                SweepValue(text: String(value)) { set(&$0, value) }
            }))
        }
        func numbers(_ key: Keys, _ prefix: String, _ set: @escaping (inout GenerationSpec, Double) -> Void) throws {
            guard let values = try? container.decodeIfPresent([Double].self, forKey: key) else { return }
            try checkNotEmpty(values, key)
            axes.append(SweepAxis(key: key, prefix: prefix, values: values.map { value in
                SweepValue(text: String(value)) { set(&$0, value) }
            }))
        }
        try integers(.maxNewTokens, "n") { $0.maxNewTokens = $1 }
        try numbers(.temperature, "t") { $0.temperature = $1 }
        try integers(.topK, "k") { $0.topK = $1 }
        try numbers(.topP, "p") { $0.topP = $1 }
        try numbers(.minP, "minp") { $0.minP = $1 }
        try numbers(.repetitionPenalty, "rp") { $0.repetitionPenalty = $1 }
        try integers(.noRepeatNgramSize, "nr") { $0.noRepeatNgramSize = $1 }
        return axes
    }

    private static func checkNotEmpty<Value>(_ values: [Value], _ key: Keys) throws {
        guard values.isEmpty else { return }
        throw JobSpecIssue(keyPath: "generation.\(key.stringValue)",
                           message: "expected a value or a non-empty list of values to sweep, got an empty list")
    }

    private static func rejectDuplicates(_ names: [String], keyPaths: [String]) throws {
        var firstIndex: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if let earlier = firstIndex[name] {
                throw JobSpecIssue(keyPath: keyPaths[i],
                                   message: "duplicate settings name '\(name)' (already used by \(keyPaths[earlier]))")
            }
            firstIndex[name] = i
        }
    }
}

extension GenerationSpec {
    /// Decodes the scalar keys of a block, leaving out `skipping` (the swept keys).
    fileprivate static func decodingScalars(from decoder: any Decoder, skipping: Set<GenerationSettings.CodingKeys>) throws -> GenerationSpec {
        let c = try decoder.container(keyedBy: GenerationSettings.CodingKeys.self)
        func value<T: Decodable>(_ type: T.Type, _ key: GenerationSettings.CodingKeys) throws -> T? {
            skipping.contains(key) ? nil : try c.decodeIfPresent(type, forKey: key)
        }
        return GenerationSpec(
            maxNewTokens: try value(Int.self, .maxNewTokens), temperature: try value(Double.self, .temperature),
            topK: try value(Int.self, .topK), topP: try value(Double.self, .topP), minP: try value(Double.self, .minP),
            repetitionPenalty: try value(Double.self, .repetitionPenalty),
            noRepeatNgramSize: try value(Int.self, .noRepeatNgramSize), stop: try value([String].self, .stop),
            samples: try value(Int.self, .samples), chat: try value(Bool.self, .chat))
    }
}

extension JobSpec {
    /// The settings axis of the grid: `[nil]` for a single block (cells, ids and RNG streams as
    /// before the axis existed), else the block names in job-file order.
    public var settingsNames: [String?] {
        guard let settingsGrid else { return [nil] }
        return settingsGrid.map(\.name)
    }

    /// The block named `name` (nil: the single block), or an error naming the job.
    public func settingsBlock(named name: String?) throws -> NamedGenerationSpec? {
        guard let name else { return nil }
        guard let block = settingsGrid?.first(where: { $0.name == name }) else {
            throw PlanError(job: source?.path ?? self.name, message: "no generation settings block named '\(name)'")
        }
        return block
    }
}
