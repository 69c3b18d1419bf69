import Foundation
import Generation
import Testing

@Suite struct StopRuleTests {
    let rule: StopRule

    init() throws {
        rule = try StopRule(eosTokenIds: [2, 4], stopStrings: ["\n\nQuestion:", "####", ""], maxNewTokens: 5)
    }

    @Test func emptyStopStringsAreDropped() {
        #expect(rule.stopStrings == ["\n\nQuestion:", "####"])
    }

    @Test func eosWinsOverStopAndLength() {
        #expect(rule.check(newToken: 4, generatedCount: 5, text: "x ####") == StopDecision(reason: .eos))
        #expect(rule.check(newToken: 2, generatedCount: 1, text: "") == StopDecision(reason: .eos))
    }

    @Test func stopStringReportsWhereToCut() {
        let text = "The answer is 7.\n\nQuestion: next"
        let decision = rule.check(newToken: 10, generatedCount: 5, text: text)
        #expect(decision == StopDecision(reason: .stop, cutUTF8Offset: 16, matchedStopString: "\n\nQuestion:"))
        #expect(String(decoding: text.utf8.prefix(16), as: UTF8.self) == "The answer is 7.")
    }

    @Test func earliestMatchWinsAndOffsetsAreBytes() {
        // "é" is two UTF-8 bytes, so "####" starts at byte 6, before "\n\nQuestion:" at byte 11.
        let text = "café ####\n\nQuestion: ####"
        #expect(rule.firstStopMatch(in: text)?.offset == 6)
        #expect(rule.firstStopMatch(in: text)?.string == "####")
    }

    @Test func incrementalSearchFindsMatchesStraddlingTheOldText() {
        // Previous check saw "ab\n\nQues" (8 bytes); the match begins inside the old text.
        let text = "ab\n\nQuestion: 3"
        #expect(rule.check(newToken: 9, generatedCount: 3, text: text, searchFromUTF8Offset: 8)?.cutUTF8Offset == 2)
        // A match wholly inside text already checked is not looked for again.
        #expect(rule.check(newToken: 9, generatedCount: 3, text: "#### and more text", searchFromUTF8Offset: 18) == nil)
    }

    @Test func lengthCapStopsAtMaxNewTokens() {
        #expect(rule.check(newToken: 9, generatedCount: 4, text: "abc") == nil)
        #expect(rule.check(newToken: 9, generatedCount: 5, text: "abc") == StopDecision(reason: .length))
    }

    @Test func finishReasonRawValuesAreStable() throws {
        #expect(FinishReason.allCases.map(\.rawValue) == ["eos", "stop", "length", "error"])
        #expect(String(decoding: try JSONEncoder().encode([FinishReason.stop]), as: UTF8.self) == #"["stop"]"#)
    }

    @Test func rejectsNonPositiveLength() {
        #expect(throws: GenerationError.self) { try StopRule(eosTokenIds: [], maxNewTokens: 0) }
    }
}
