import Testing

@Test func placeholderScheduling() { #expect(Bool(true)) }
