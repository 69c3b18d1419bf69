import ArgumentParser
import Foundation
import NucleusCore
import Tokenizer
import Weights

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of a text as a JSON array.",
        discussion: """
            The tokenizer comes from a GGUF file (its tokenizer.* metadata, read as llama.cpp does) or from a \
            Hugging Face tokenizer.json (or a folder holding one; tokenizer_config.json beside it is used too). \
            Special-token text such as <|im_start|> is matched as the special token unless --no-parse-special. \
            BOS/EOS are added as the tokenizer says unless --no-add-special-tokens.
            --llama-cases FILE.inp checks llama.cpp's test-tokenizer-0 cases (FILE.out beside it): each text \
            is encoded without BOS/EOS and without parsing special tokens, as that test does.
            """)

    @Option(name: .long, help: ArgumentHelp(
        "GGUF file (a model or a vocabulary), tokenizer.json, or a Hugging Face folder holding one.", valueName: "path"))
    var model: String

    @Option(name: .long, help: "Text to encode.")
    var text: String?

    @Option(name: .long, help: ArgumentHelp("File to encode, read byte for byte.", valueName: "path"))
    var textFile: String?

    @Option(name: .long, help: ArgumentHelp("llama.cpp test cases to check (.inp, with .out beside it).", valueName: "path"))
    var llamaCases: String?

    @Flag(inversion: .prefixedNo, help: "Add BOS/EOS as the tokenizer asks.")
    var addSpecialTokens = true

    @Flag(inversion: .prefixedNo, help: "Match special-token text (e.g. <|im_end|>) as the special token.")
    var parseSpecial = true

    @Flag(name: .long, help: "Also check that decoding the ids gives back the text exactly; exit 1 if not.")
    var checkRoundTrip = false

    func validate() throws {
        guard [text != nil, textFile != nil, llamaCases != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --text, --text-file, --llama-cases")
        }
    }

    func run() throws {
        let tokenizer = try TokenizerSource.load(model)
        if let llamaCases {
            try LlamaCaseCheck(inputPath: llamaCases).run(tokenizer)
            return
        }
        let input = try text ?? readTextFile(textFile ?? "")
        let ids = tokenizer.encode(input, addSpecialTokens: addSpecialTokens, parseSpecialTokens: parseSpecial)
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

/// Where `nucleus tokenize` gets its tokenizer from.
enum TokenizerSource {
    static func load(_ path: String) throws -> Tokenizer {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("\(path): no such file or folder")
        }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue || url.pathExtension == "json" {
            let json = isDirectory.boolValue ? url.appendingPathComponent("tokenizer.json") : url
            let config = json.deletingLastPathComponent().appendingPathComponent("tokenizer_config.json")
            return try Tokenizer(tokenizerJSON: json, configJSON: FileManager.default.fileExists(atPath: config.path) ? config : nil)
        }
        return try Tokenizer(gguf: GGUFTokenizerMetadata(file: GGUFFile(path: path)))
    }
}

/// llama.cpp's test-tokenizer-0 check: texts separated by "\n__ggml_vocab_test__\n" in the .inp
/// file, expected ids one line per text (space-separated) in the .out file beside it.
struct LlamaCaseCheck {
    var inputPath: String

    func run(_ tokenizer: Tokenizer) throws {
        let outputPath = inputPath.hasSuffix(".inp") ? String(inputPath.dropLast(4)) + ".out" : inputPath + ".out"
        let input = String(decoding: try readBytes(inputPath), as: UTF8.self)
        let output = String(decoding: try readBytes(outputPath), as: UTF8.self)
        var texts = input.components(separatedBy: "\n__ggml_vocab_test__\n")
        if texts.last == "" { texts.removeLast() }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= texts.count else {
            throw ValidationError("\(outputPath): \(lines.count) lines for \(texts.count) texts in \(inputPath)")
        }
        var mismatches = 0
        for (index, text) in texts.enumerated() {
            let expected = lines[index].split(separator: " ").compactMap { Int32($0) }
            let ids = tokenizer.encode(text, addSpecialTokens: false, parseSpecialTokens: false)
            let decodes = tokenizer.decode(ids) == text
            guard ids != expected || !decodes else { continue }
            mismatches += 1
            print("case \(index) \(text.debugDescription): got \(JSON.ids(ids).text), expected \(JSON.ids(expected).text)"
                  + (decodes ? "" : ", and decoding does not give the text back"))
        }
        print("llama.cpp cases: \(texts.count - mismatches) of \(texts.count) match (\(inputPath))")
        if mismatches > 0 { throw ExitCode(1) }
    }

    private func readBytes(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("\(path): cannot read (\(SystemErrorText.reason(error)))")
        }
    }
}
