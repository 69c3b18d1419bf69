import Foundation
import Testing
import Tokenizer

/// One file of Fixtures/chat-templates (scripts/fixtures/chat_templates.py): a family's Jinja
/// template and what transformers' apply_chat_template(tokenize=False) renders with it.
private struct ChatTemplateFixture: Decodable, CustomTestStringConvertible {
    struct Message: Decodable { let role: String; let content: String }
    struct Case: Decodable {
        let name: String
        let messages: [Message]
        let add_generation_prompt: Bool
        /// Llama 3.1's date_string, when the case passes one.
        let date: String?
        let expected: String
    }
    let family: String
    let template: String
    let bos_token: String
    let cases: [Case]

    var testDescription: String { family }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/chat-templates")

    static func load(_ family: String) throws -> ChatTemplateFixture {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(family).json"))
        return try JSONDecoder().decode(ChatTemplateFixture.self, from: data)
    }
}

@Suite struct ChatTemplateFixtureTests {
    /// (fixture, the family its template must be recognised as).
    static let families: [(String, ChatTemplate)] = [
        ("chatml-smollm2", .chatML(defaultSystemPrompt: "You are a helpful AI assistant named SmolLM, trained by Hugging Face")),
        ("chatml-qwen2", .chatML(defaultSystemPrompt: "You are a helpful assistant")),
        ("llama3", .llama3),
        ("llama31", .llama31(date: "26 Jul 2024")),
        ("mistral", .mistral),
        ("deepseek", .deepSeek),
        ("gemma", .gemma),
    ]

    @Test(arguments: families)
    func rendersWhatTransformersRenders(family: String, template: ChatTemplate) throws {
        let fixture = try ChatTemplateFixture.load(family)
        #expect(ChatTemplate(detectingFrom: fixture.template) == template)
        #expect(fixture.cases.count == (family == "llama31" ? 12 : 6))
        for testCase in fixture.cases {
            let messages = testCase.messages.map { ChatMessage(role: $0.role, content: $0.content) }
            let dated = testCase.date.map(template.dated) ?? template
            let rendered = dated.render(messages, addGenerationPrompt: testCase.add_generation_prompt)
            #expect(rendered == testCase.expected, "\(family) \(testCase.name)")
            if let bos = template.bosText {
                #expect(bos == fixture.bos_token && rendered.hasPrefix(bos))
            }
        }
    }

    @Test func otherTemplatesAreNotGuessed() {
        let llama2 = "{% if messages[0]['role'] == 'system' %}{% set content = '<<SYS>>\\n' + system_message %}"
            + "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% endif %}"
        #expect(ChatTemplate(detectingFrom: llama2) == ChatTemplate.none)
        #expect(ChatTemplate(detectingFrom: "{{ bos_token }}{% for m in messages %}<|user|>{% endfor %}") == ChatTemplate.none)
        #expect(ChatTemplate(detectingFrom: "{{ bos_token }}{% for m in messages %}[INST] ...") == .mistral)
    }

    /// A Qwen2.5-style template: the first `<|im_start|>system\n` inserts the message, a later one is the default.
    @Test func defaultSystemPromptIsTheFirstLiteralOne() {
        let source = "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}"
            + "{%- else %}{{- '<|im_start|>system\\nYou are Qwen.<|im_end|>\\n' }}{%- endif %}"
        #expect(ChatTemplate(detectingFrom: source) == .chatML(defaultSystemPrompt: "You are Qwen."))
    }

    @Test(arguments: [("  a b \n", "a b"), ("\u{00A0}x\u{3000}", "x"), ("\u{1C}y\u{85}", "y"), (" \t\n", ""), ("\u{200B}z", "\u{200B}z")])
    func gemmaAndLlama3TrimLikePython(content: String, trimmed: String) {
        #expect(ChatTemplate.gemma.render([ChatMessage(role: "user", content: content)], addGenerationPrompt: false)
                == "<bos><start_of_turn>user\n\(trimmed)<end_of_turn>\n")
    }
}

/// Exactly one BOS whether or not the rendered text carries it.
@Suite struct ChatPromptEncodingTests {
    private func tokenizer(addBOS: Bool) throws -> Tokenizer {
        let byteTokens = (0..<256).map { byteLevelToken([UInt8($0)]) }
        return try Tokenizer(gguf: GGUFTokenizerMetadata(
            model: "gpt2", pre: "gpt2", tokens: byteTokens + ["<|begin_of_text|>", "<|eot_id|>"],
            tokenTypes: Array(repeating: 1, count: 256) + [3, 3], merges: [], bosID: 256, eosID: 257,
            addBOS: addBOS, addEOS: true))
    }

    @Test func templateBOSIsNotDoubled() throws {
        let rendered = ChatTemplate.llama3.render([ChatMessage(role: "user", content: "hi")], addGenerationPrompt: false)
        #expect(rendered == "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>")
        let withBOS = try tokenizer(addBOS: true)
        let ids = withBOS.encodeChatPrompt(rendered)
        #expect(ids.first == 256 && ids.dropFirst().first != 256)
        #expect(ids.filter { $0 == 256 }.count == 1)
        #expect(ids.last == 257)   // the template's <|eot_id|>, no EOS appended after it
        #expect(withBOS.encode(rendered).prefix(2) == [256, 256])   // what plain encoding would do
    }

    @Test func textWithoutBOSGetsTheTokenizersOwnAndNoEOS() throws {
        let ids = try tokenizer(addBOS: true).encodeChatPrompt("hi")
        #expect(ids == [256, Int32(Character("h").asciiValue ?? 0), Int32(Character("i").asciiValue ?? 0)])
        #expect(try tokenizer(addBOS: false).encodeChatPrompt("hi").count == 2)
    }
}
