import Testing

@Test func placeholderGeneration() { #expect(Bool(true)) }
