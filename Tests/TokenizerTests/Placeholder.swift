import Testing

@Test func placeholderTokenizer() { #expect(Bool(true)) }
