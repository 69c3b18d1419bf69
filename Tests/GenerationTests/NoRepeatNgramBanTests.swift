import Testing
@testable import Generation

/// The n-gram ban on hand-made histories (the whole-model check against transformers is
/// ModelLoadingTests/NoRepeatNgramTests).
struct NoRepeatNgramBanTests {
    @Test func bansTheTokensThatWouldRepeatAnNgram() {
        // Bigrams: the last id 7 was followed by 8 and by 9 earlier.
        #expect(NoRepeatNgram.bannedTokens(history: [7, 8, 1, 7, 9, 2, 7], size: 2) == [8, 9])
        // Trigrams: (1, 2) was followed by 3, and (1, 2) is the current suffix.
        #expect(NoRepeatNgram.bannedTokens(history: [1, 2, 3, 4, 1, 2], size: 3) == [3])
        #expect(NoRepeatNgram.bannedTokens(history: [1, 2, 3, 4, 2, 1], size: 3) == [])
        // Unigrams ban every id seen.
        #expect(NoRepeatNgram.bannedTokens(history: [5, 6, 5], size: 1) == [5, 6, 5])
    }

    @Test func nothingIsBannedBeforeAWholeNgramFits() {
        #expect(NoRepeatNgram.bannedTokens(history: [1, 1], size: 4) == [])
        #expect(NoRepeatNgram.bannedTokens(history: [1, 1, 1], size: 4) == [])
        #expect(NoRepeatNgram.bannedTokens(history: [1, 1, 1, 1], size: 4) == [1])
        #expect(NoRepeatNgram.bannedTokens(history: [4, 5, 6], size: 0) == [])
    }

    @Test func bannedTokensAreNeverDrawn() throws {
        var sampler = try Sampler(settings: SamplingSettings(temperature: 0, noRepeatNgramSize: 2))
        let logits: [Float] = [0, 5, 4, 1]
        let token = try logits.withUnsafeBufferPointer { try sampler.sample(logits: $0, previousTokens: [3, 1, 3], uniform: 0.5) }
        #expect(token == 2)
        var sampling = try Sampler(settings: SamplingSettings(temperature: 1, noRepeatNgramSize: 2))
        for u in stride(from: 0.0, to: 1.0, by: 0.05) {
            let drawn = try logits.withUnsafeBufferPointer { try sampling.sample(logits: $0, previousTokens: [3, 1, 3], uniform: u) }
            #expect(drawn != 1)
        }
    }

    @Test func negativeSizeIsRefused() {
        #expect(throws: GenerationError.self) { try SamplingSettings(noRepeatNgramSize: -1).validate() }
    }
}
