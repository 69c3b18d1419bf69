import ArgumentParser
import Foundation
import Runner
import Tokenizer
import Weights

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a GGUF model: architecture, hyperparameters, tokenizer, tensors, parameters.",
        discussion: "Reads metadata only; nothing is dequantised.")

    @Argument(help: ArgumentHelp("GGUF model file.", valueName: "model"))
    var model: String

    func run() throws {
        let file = try GGUFFile(path: model)
        let architecture = try file.string("general.architecture")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
        print("file:          \(model) (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, GGUF v\(file.version))")
        print("name:          \(file.metadata["general.name"]?.stringValue ?? "-")")
        print("architecture:  \(architecture)")
        print("hyperparameters:")
        for key in file.metadataKeys where key.hasPrefix("\(architecture).") {
            print("  \(key.dropFirst(architecture.count + 1)): \(file.metadata[key]?.summary ?? "")")
        }
        let tokenizer = try LoadedModel.tokenizer(path: model)
        print("tokenizer:     \(file.metadata["tokenizer.ggml.model"]?.stringValue ?? "-") (pre-tokenizer \(file.metadata["tokenizer.ggml.pre"]?.stringValue ?? "default")), \(tokenizer.vocabularySize) tokens, add BOS \(tokenizer.addBOS)")
        let special = [("bos", tokenizer.bosID), ("eos", tokenizer.eosID), ("unk", tokenizer.unkID), ("pad", tokenizer.padID)]
            .compactMap { name, id in id.map { "\(name) \($0) \(JSON.quote(tokenizer.tokenText($0)))" } }
        print("special:       \(special.joined(separator: ", "))")
        let template = file.metadata["tokenizer.chat_template"]?.stringValue
        print("chat template: \(template == nil ? "none" : "present (\(template?.count ?? 0) chars), rendered as \(tokenizer.chatTemplate)")")
        var counts: [String: (tensors: Int, parameters: Int)] = [:]
        for tensor in file.tensors {
            counts[tensor.type.name, default: (0, 0)].tensors += 1
            counts[tensor.type.name, default: (0, 0)].parameters += tensor.elementCount
        }
        print("tensors:       \(file.tensors.count) (" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.tensors)" }.joined(separator: ", ") + ")")
        let parameters = file.tensors.reduce(0) { $0 + $1.elementCount }
        print("parameters:    \(parameters) (\(String(format: "%.1f", Double(parameters) / 1e6)) M)")
    }
}
