import Testing

@Test func placeholderWeights() { #expect(Bool(true)) }
