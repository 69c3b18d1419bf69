import ArgumentParser
import Foundation
import ModelLoading
import Store
import Transformer
import Tokenizer
import Weights

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a model (architecture, hyperparameters, tokenizer, tensors, parameters) or a unit file.",
        discussion: "A GGUF file or a Hugging Face folder (model_type, config.json, generation defaults, stored tensor dtypes). Reads metadata only; nothing is dequantised or converted. A unit file (.h5) is described by its job, cell, counts and stored distributions (bytes per token).")

    @Argument(help: ArgumentHelp("GGUF file, Hugging Face folder (config.json + safetensors), or unit file (.h5).", valueName: "model"))
    var model: String

    func run() throws {
        if model.hasSuffix(".h5") { return try describeUnitFile() }
        switch try ModelSource(path: model) {
        case .gguf(let file): try describe(file)
        case .huggingFace(let folder): try describe(folder)
        }
    }

    private func describe(_ file: GGUFFile) throws {
        let architecture = try file.string("general.architecture")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
        print("file:          \(model) (\(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB, GGUF v\(file.version))")
        print("name:          \(file.metadata["general.name"]?.stringValue ?? "-")")
        print("architecture:  \(architecture)")
        print("hyperparameters:")
        for key in file.metadataKeys where key.hasPrefix("\(architecture).") {
            print("  \(key.dropFirst(architecture.count + 1)): \(file.metadata[key]?.summary ?? "")")
        }
        let tokenizer = try ModelSource.gguf(file).loadTokenizer()
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

    private func describe(_ folder: HFFolder) throws {
        let checkpoint = folder.checkpoint
        let shards = checkpoint.tensors.shards
        let bytes = shards.reduce(0) { total, shard in total + ((try? FileManager.default.attributesOfItem(atPath: shard.path)[.size] as? Int) ?? 0) }
        print("folder:        \(model) (Hugging Face, \(shards.count) safetensors file\(shards.count == 1 ? "" : "s"), \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB)")
        print("model_type:    \(checkpoint.modelType)\(ModelRegistry.supportedModelTypes.contains(checkpoint.modelType) ? "" : " (not supported)")")
        print("config:")
        try printJSONObject(atPath: checkpoint.configPath)
        if FileManager.default.fileExists(atPath: folder.file(HFGenerationDefaults.fileName)) {
            print("generation defaults (\(HFGenerationDefaults.fileName)):")
            try printJSONObject(atPath: folder.file(HFGenerationDefaults.fileName))
        }
        if folder.hasTokenizer {
            let tokenizer = try folder.tokenizer()
            print("tokenizer:     \(HFFolder.tokenizerFileName), \(tokenizer.vocabularySize) tokens, add BOS \(tokenizer.addBOS)")
            let special = [("bos", tokenizer.bosID), ("eos", tokenizer.eosID), ("unk", tokenizer.unkID), ("pad", tokenizer.padID)]
                .compactMap { name, id in id.map { "\(name) \($0) \(JSON.quote(tokenizer.tokenText($0)))" } }
            print("special:       \(special.joined(separator: ", "))")
            let template = tokenizer.chatTemplateSource
            print("chat template: \(template == nil ? "none" : "present (\(template?.count ?? 0) chars), rendered as \(tokenizer.chatTemplate)")")
        } else {
            print("tokenizer:     none (no \(HFFolder.tokenizerFileName); nucleus logits --ids still works)")
        }
        var counts: [String: Int] = [:]
        var parameters = 0
        for shard in shards {
            for tensor in shard.tensors.values {
                counts[tensor.dtype, default: 0] += 1
                parameters += tensor.elementCount
            }
        }
        let tensorCount = counts.values.reduce(0, +)
        print("tensors:       \(tensorCount) (" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "), converted to F32 at load")
        print("parameters:    \(parameters) (\(String(format: "%.1f", Double(parameters) / 1e6)) M)")
        print("identity:      sha256 of \((checkpoint.tensors.identityFile as NSString).lastPathComponent)")
    }

    /// The top-level keys of a JSON object file, sorted, one `  key: value` line each.
    private func printJSONObject(atPath path: String) throws {
        guard let data = FileManager.default.contents(atPath: path),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ValidationError("\(path): not a JSON object")
        }
        for key in object.keys.sorted() {
            let value = object[key] ?? NSNull()
            let text = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
            print("  \(key): \(text)")
        }
    }

    private func describeUnitFile() throws {
        let url = URL(fileURLWithPath: model)
        let summary = try UnitFileReader.readHeader(url)
        let header = summary.header
        print("unit file:     \(model) (\(header.complete ? "complete" : "incomplete"), schema v\(summary.schemaVersion))")
        print("job:           \(header.jobName) (hash \(header.jobHash.prefix(12)))")
        print("unit:          \(header.unitID), attempt \(header.attempt)")
        print("cell:          \(header.model.name) × \(header.dataset) × \(header.technique), sample \(header.sample)")
        print("prompts:       \(summary.promptCount)")
        print("tokens:        \(summary.tokenCount)")
        guard let info = try UnitFileReader.distributionsInfo(url) else {
            print("distributions: none")
            return
        }
        let shape = info.isTopN ? "top \(info.columns) of \(info.vocabularySize) with ids" : "full, V = \(info.vocabularySize)"
        print("distributions: fp16, \(shape); \(info.storageBytes) bytes stored, \(String(format: "%.1f", info.bytesPerToken)) bytes/token")
    }
}
