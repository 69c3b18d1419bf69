import ArgumentParser
import Foundation
import Runner

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of a text as a JSON array.",
        discussion: "Special-token text such as <|im_start|> is matched as the special token (as Hugging Face tokenizers do). BOS is added when the model file asks for it.")

    @Option(name: .long, help: ArgumentHelp("GGUF file or Hugging Face folder (config.json + safetensors).", valueName: "path"))
    var model: String

    @Option(name: .long, help: "Text to encode.")
    var text: String?

    @Option(name: .long, help: ArgumentHelp("File to encode, read byte for byte.", valueName: "path"))
    var textFile: String?

    @Flag(name: .long, help: "Also check that decoding the ids gives back the text exactly; exit 1 if not.")
    var checkRoundTrip = false

    func validate() throws {
        guard (text == nil) != (textFile == nil) else { throw ValidationError("give exactly one of --text, --text-file") }
    }

    func run() throws {
        let tokenizer = try LoadedModel.tokenizer(path: model)
        let input = try text ?? readTextFile(textFile ?? "")
        let ids = tokenizer.encode(input)
        print(JSON.ids(ids).text)
        if checkRoundTrip {
            let decoded = tokenizer.decode(ids)
            guard decoded == input else {
                throw ValidationError("decode does not round-trip: \(decoded.utf8.count) bytes back for \(input.utf8.count)")
            }
            FileHandle.standardError.write(Data("round trip: ok (\(ids.count) ids, \(input.utf8.count) bytes)\n".utf8))
        }
    }
}
