import Testing

@Test func placeholderReduce() { #expect(Bool(true)) }
