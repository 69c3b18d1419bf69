import Testing

@Test func placeholderRunner() { #expect(Bool(true)) }
