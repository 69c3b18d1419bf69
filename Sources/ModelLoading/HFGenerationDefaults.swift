import Foundation
import NucleusCore
import Transformer

/// The keys of a Hugging Face `generation_config.json` that Nucleus uses. Absent keys are nil.
///
/// - `eos_token_id` (a number or a list): extra end-of-sequence ids, always applied.
/// - `max_new_tokens`, `repetition_penalty`: used when the job does not set them.
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

    public init() {}

    enum CodingKeys: String, CodingKey {
        case eosTokenID = "eos_token_id", doSample = "do_sample", temperature, topK = "top_k", topP = "top_p"
        case minP = "min_p", repetitionPenalty = "repetition_penalty", maxNewTokens = "max_new_tokens"
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
    }

    /// Reads `generation_config.json` of a folder; an absent file gives no defaults.
    public static func read(folder: String) throws -> HFGenerationDefaults {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return HFGenerationDefaults() }
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch DecodingError.typeMismatch(let type, let context) {
            throw ModelError(file: path, "key '\(context.codingPath.last?.stringValue ?? "")': expected \(type)")
        } catch {
            throw ModelError(file: path, "not valid JSON")
        }
    }

    /// `settings` with every key the job left unset (`isSet` false, key as in the job file's
    /// `generation:` block) taken from this file where it has one.
    public func filling(_ settings: GenerationSettings, isSet: (String) -> Bool) -> GenerationSettings {
        var result = settings
        func fill<T>(_ key: String, _ value: T?, _ target: WritableKeyPath<GenerationSettings, T>) {
            if let value, !isSet(key) { result[keyPath: target] = value }
        }
        fill("max_new_tokens", maxNewTokens, \.maxNewTokens)
        fill("repetition_penalty", repetitionPenalty, \.repetitionPenalty)
        if doSample == true {
            fill("temperature", temperature, \.temperature)
            fill("top_k", topK, \.topK)
            fill("top_p", topP, \.topP)
            fill("min_p", minP, \.minP)
        }
        return result
    }
}
