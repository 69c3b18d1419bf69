import Testing

@Test func placeholderNucleusCore() { #expect(Bool(true)) }
