import Foundation
import NucleusCore
import Testing

/// The per-token column table: what each column takes from a statistic, and the README's copy.
struct TokenColumnTests {
    static let statistic = TokenStatistic(
        tokenId: 42, logprob: -0.25, rank: 3, entropy: 1.5, varentropy: 0.75, nucleusSize: 4, nucleusMass: 0.93,
        nucleusEntropy: 1.25, nucleusCosine: .nan, nucleusCosineWeighted: 0.125, topkIds: [7, 42], topkLogprobs: [-0.5, -0.25])

    @Test func eachColumnTakesItsOwnField() {
        func number(_ column: TokenColumn) -> Double? {
            switch column.value(Self.statistic) {
            case .integer(let value): Double(value)
            case .real(let value): value
            case .integers, .reals: nil
            }
        }
        #expect(number(.tokenID) == 42 && number(.logprob) == -0.25 && number(.rank) == 3)
        #expect(number(.entropy) == 1.5 && number(.varentropy) == 0.75 && number(.nucleusSize) == 4)
        #expect(number(.nucleusMass) == 0.93 && number(.nucleusEntropy) == 1.25 && number(.nucleusCosineWeighted) == 0.125)
        #expect(number(.nucleusCosine)?.isNaN == true)
        guard case .integers(let ids) = TokenColumn.topkIDs.value(Self.statistic),
              case .reals(let logprobs) = TokenColumn.topkLogprobs.value(Self.statistic) else {
            Issue.record("top-K columns must give rows")
            return
        }
        #expect(ids == [7, 42] && logprobs == [-0.5, -0.25])
    }

    @Test func namesAreUniqueAndShapesFollowTheTrailingDimensions() {
        let names = TokenColumn.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.first == "token_id")
        #expect(TokenColumn.entropy.shapeText == "N")
        #expect(TokenColumn.topkLogprobs.shapeText == "N × K")
    }

    /// README.md's "Output layout" holds the table between two markers; after adding a column,
    /// paste `TokenColumn.markdownTable` (printed by this test when it fails) there.
    @Test func readmeTableIsTheRenderedTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let begin = try #require(text.range(of: "<!-- token-columns:"), "README.md has no <!-- token-columns: marker")
        let end = try #require(text.range(of: "<!-- /token-columns -->"), "README.md has no <!-- /token-columns --> marker")
        let afterMarker = try #require(text[begin.upperBound...].firstIndex(of: "\n"))
        let table = text[afterMarker..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(table == TokenColumn.markdownTable, "README.md's token-column table should read:\n\(TokenColumn.markdownTable)")
    }
}
