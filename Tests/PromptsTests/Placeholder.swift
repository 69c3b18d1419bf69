import Testing

@Test func placeholderPrompts() { #expect(Bool(true)) }
