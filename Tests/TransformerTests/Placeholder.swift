import Testing

@Test func placeholderTransformer() { #expect(Bool(true)) }
