import Foundation
import Testing
import Store
@testable import Reduce

/// A prompt recorded as failed at run time (finish_reason "error", no tokens) is counted, not
/// graded, and does not disturb the other prompts of its unit.
@Test func failedPromptsAreCountedNotGraded() throws {
    var record = makeRecord(unit: "u1", attempt: 1, prompts: [
        PromptColumns(row: 0, entropy: [1, 2], cosine: [0.1, 0.2], completion: "#### 4", reference: "#### 4"),
        PromptColumns(row: 1, entropy: [], cosine: [], completion: "", reference: "#### 5"),
        PromptColumns(row: 2, entropy: [3, 4], cosine: [0.4, 0.3], completion: "#### 6", reference: "#### 7"),
    ])
    record.prompts[1].finishReason = PromptRecord.failedReason
    record.prompts[1].error = "the prompt is empty (0 tokens)"
    let loader = InMemoryLoader(files: [(fileURL("c/u1.attempt-1.h5"), record)])
    let summary = try Reducer(resultsFolder: URL(fileURLWithPath: "/results/demo"), loader: loader).summarize()
    #expect(summary.prompts == 3 && summary.promptsFailed == 1)
    #expect(summary.gradedPrompts.map(\.row) == [0, 2])
    let accuracy = try #require(summary.accuracy.first)
    #expect(accuracy.prompts == 2 && accuracy.correct == 1)
    #expect(try #require(summary.correlations.first).tokens == 4)
    #expect(summary.commandLineReport.contains { $0.hasPrefix("1 prompts failed at run time") })
}
