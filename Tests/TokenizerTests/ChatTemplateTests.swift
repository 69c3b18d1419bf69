import Testing
import Tokenizer

@Suite struct ChatTemplateTests {
    static let smolLM2Template = """
    {% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system
    You are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>
    ' }}{% endif %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}
    """

    @Test func detectsChatMLWithDefaultSystemPrompt() {
        #expect(ChatTemplate(detectingFrom: Self.smolLM2Template)
                == .chatML(defaultSystemPrompt: "You are a helpful AI assistant named SmolLM, trained by Hugging Face"))
        let plainChatML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        #expect(ChatTemplate(detectingFrom: plainChatML) == .chatML(defaultSystemPrompt: nil))
        #expect(ChatTemplate(detectingFrom: "{{ bos_token }}{% for m in messages %}<|user|> ...") == ChatTemplate.none)
        #expect(ChatTemplate(detectingFrom: nil) == ChatTemplate.none)
    }

    @Test func systemMessageReplacesDefault() {
        let template = ChatTemplate.chatML(defaultSystemPrompt: "Default.")
        let messages = [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi")]
        #expect(template.render(messages, addGenerationPrompt: false)
                == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n")
        #expect(template.render([ChatMessage(role: "user", content: "Hi")], addGenerationPrompt: true)
                == "<|im_start|>system\nDefault.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test func noTemplateJoinsContents() {
        let messages = [ChatMessage(role: "user", content: "a"), ChatMessage(role: "assistant", content: "b")]
        #expect(ChatTemplate.none.render(messages, addGenerationPrompt: true) == "a\nb")
    }
}
