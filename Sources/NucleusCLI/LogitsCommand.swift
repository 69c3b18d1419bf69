import ArgumentParser
import Foundation
import ModelLoading
import NucleusCore
import Transformer
import Weights

struct LogitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logits",
        abstract: "Write the raw float32 logits of a prompt to a NumPy .npy file.",
        discussion: "The model is a GGUF file or a Hugging Face folder (with --ids, the folder needs no tokenizer.json). Shape [V] for the last position, [T, V] with --all-positions. Prints the prompt ids. Compare with a reference: np.abs(np.load(a) - np.load(b)).max().")

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var promptOptions: PromptOptions

    @Flag(name: .long, help: "Logits of every prompt position, not only the last.")
    var allPositions = false

    @Option(name: .long, help: ArgumentHelp("Output .npy file.", valueName: "path"))
    var out: String

    func validate() throws {
        // Checked before the model loads, so a typo costs no load time.
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("--out \(out): the folder \(folder) does not exist")
        }
    }

    func run() throws {
        // Given ids need no tokenizer, so a weights-only folder works.
        let model: any CausalLanguageModel
        let ids: [Int32]
        if promptOptions.ids != nil {
            model = try modelOptions.loadNetwork()
            ids = try promptOptions.tokenIDs { _ in [] }
        } else {
            let loaded = try modelOptions.load()
            model = loaded.model
            ids = try promptOptions.tokenIDs { loaded.tokenizer.encode($0) }
        }
        guard !ids.isEmpty else { throw ValidationError("the prompt has no tokens") }
        let cache = model.makeCache(slots: 1)
        cache.reset(slot: 0, capacity: ids.count)
        let logits = try model.forward([SequenceChunk(slot: 0, tokens: ids, allLogits: allPositions)], cache: cache)
        let vocabulary = logits.vocabularySize
        let array = allPositions
            ? NumPyArray(shape: [ids.count, vocabulary], values: logits.values)
            : NumPyArray(shape: [vocabulary], values: Array(logits.lastRow(ofChunk: 0)))
        do {
            try array.write(to: URL(fileURLWithPath: out))
        } catch {
            throw CommandFailure("--out \(out): cannot write the .npy file: \(SystemErrorText.reason(error))")
        }
        print(JSON.ids(ids).text)
    }
}
