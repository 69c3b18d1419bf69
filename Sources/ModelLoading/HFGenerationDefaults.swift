import Foundation
import NucleusCore
import Transformer

/// The keys of a Hugging Face `generation_config.json` that Nucleus uses. Absent keys are nil.
///
/// - `eos_token_id` (a number or a list): extra end-of-sequence ids, always applied.
/// - `max_new_tokens`, `repetition_penalty`, `no_repeat_ngram_size`: used when the job does not set them (`settingsDefaults`).
/// - `temperature`, `top_k`, `top_p`, `min_p`: used when the job does not set them and the file
///   says `do_sample: true` — transformers ignores them otherwise (greedy), so a file that only
///   lists them does not change a job's sampling.
/// Other keys (`bos_token_id`, `pad_token_id`, beams, …) are ignored.
public struct HFGenerationDefaults: Decodable, Sendable, Equatable {
    public static let fileName = "generation_config.json"

    public var eosTokenIDs: [Int32] = []
    public var doSample: Bool?
    public var temperature: Double?
    public var topK: Int?
    public var topP: Double?
    public var minP: Double?
    public var repetitionPenalty: Double?
    public var maxNewTokens: Int?
    public var noRepeatNgramSize: Int?
    /// The file read; nil when there was none.
    public var file: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case eosTokenID = "eos_token_id", doSample = "do_sample", temperature, topK = "top_k", topP = "top_p"
        case minP = "min_p", repetitionPenalty = "repetition_penalty", maxNewTokens = "max_new_tokens"
        case noRepeatNgramSize = "no_repeat_ngram_size"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let list = try? container.decodeIfPresent([Int32].self, forKey: .eosTokenID) {
            eosTokenIDs = list
        } else {
            eosTokenIDs = try container.decodeIfPresent(Int32.self, forKey: .eosTokenID).map { [$0] } ?? []
        }
        doSample = try container.decodeIfPresent(Bool.self, forKey: .doSample)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topK = try container.decodeIfPresent(Int.self, forKey: .topK)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        minP = try container.decodeIfPresent(Double.self, forKey: .minP)
        repetitionPenalty = try container.decodeIfPresent(Double.self, forKey: .repetitionPenalty)
        maxNewTokens = try container.decodeIfPresent(Int.self, forKey: .maxNewTokens)
        noRepeatNgramSize = try container.decodeIfPresent(Int.self, forKey: .noRepeatNgramSize)
    }

    /// Reads `generation_config.json` of a folder; an absent file gives no defaults.
    public static func read(folder: String) throws -> HFGenerationDefaults {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return HFGenerationDefaults() }
        do {
            var defaults = try JSONDecoder().decode(Self.self, from: data)
            defaults.file = path
            return defaults
        } catch DecodingError.typeMismatch(let type, let context) {
            throw ModelError(file: path, "key '\(context.codingPath.last?.stringValue ?? "")': expected \(type)")
        } catch {
            throw ModelError(file: path, "not valid JSON")
        }
    }

    /// The settings this file supplies to jobs that leave them out (`SettingsResolution` decides and
    /// checks): `max_new_tokens`, `repetition_penalty` and `no_repeat_ngram_size` always, the sampling keys only with
    /// `do_sample: true`. Nil when it supplies none.
    public var settingsDefaults: ModelGenerationDefaults? {
        var values = GenerationSpec(maxNewTokens: maxNewTokens, repetitionPenalty: repetitionPenalty,
                                    noRepeatNgramSize: noRepeatNgramSize)
        if doSample == true {
            values.temperature = temperature
            values.topK = topK
            values.topP = topP
            values.minP = minP
        }
        guard values != GenerationSpec(), let file else { return nil }
        return ModelGenerationDefaults(file: file, values: values)
    }
}
