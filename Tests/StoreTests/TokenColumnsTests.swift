import Foundation
import NucleusCore
import Testing
@testable import Store

/// Statistics into columns (`TokenColumns.append`) and the writer's check of every column against
/// the table's type and shape.
struct TokenColumnsTests {
    static func statistic(_ id: Int32, topkIds: [Int32], topkLogprobs: [Double]) -> TokenStatistic {
        TokenStatistic(tokenId: id, logprob: -0.5, rank: 2, entropy: 1.25, varentropy: 0.5, nucleusSize: 3,
                       nucleusMass: 0.95, nucleusEntropy: 1.0, nucleusCosine: .nan, nucleusCosineWeighted: 0.25,
                       topkIds: topkIds, topkLogprobs: topkLogprobs)
    }

    @Test func appendFillsEveryColumnAndPadsOrCutsTopKRows() {
        var tokens = TokenColumns(topK: 3)
        tokens.append([Self.statistic(9, topkIds: [4, 9], topkLogprobs: [-0.25, -0.5]),
                       Self.statistic(4, topkIds: [4, 9, 1, 2], topkLogprobs: [-0.125, -1, -2, -3])])
        #expect(tokens.count == 2)
        #expect(tokens.tokenID == [9, 4] && tokens.rank == [2, 2] && tokens.nucleusSize == [3, 3])
        #expect(tokens.logprob == [-0.5, -0.5] && tokens.entropy == [1.25, 1.25] && tokens.varentropy == [0.5, 0.5])
        #expect(tokens.nucleusMass == [0.95, 0.95] && tokens.nucleusEntropy == [1.0, 1.0])
        #expect(tokens.nucleusCosine.count == 2 && tokens.nucleusCosine.allSatisfy(\.isNaN))
        #expect(tokens.nucleusCosineWeighted == [0.25, 0.25])
        // Short row padded with -1 / NaN, long row cut to K = 3.
        #expect(tokens.topkIDs == [4, 9, -1, 4, 9, 1])
        let logprobs = tokens.topkLogprobs
        #expect(Array(logprobs[0..<2]) == [-0.25, -0.5] && logprobs[2].isNaN && Array(logprobs[3...]) == [-0.125, -1, -2])
        for column in TokenColumn.all {
            #expect(tokens[column].element == column.element, "\(column.name)")
            #expect(tokens[column].count == 2 * tokens.width(of: column), "\(column.name)")
        }
    }

    @Test func columnOfTheWrongTypeIsRejected() throws {
        var record = SampleRecords.realistic()
        record.tokens[.entropy] = .float32(record.tokens.entropy.map(Float.init))
        #expect(record.consistencyProblem() == "token column entropy holds float32 values, the schema says float64")
    }

    @Test func topKColumnOfTheWrongLengthNamesTheExpectedCount() throws {
        var record = SampleRecords.realistic()
        record.tokens.topkIDs.removeLast()
        let n = record.tokens.count, k = record.tokens.topK
        #expect(record.consistencyProblem()
                == "token column topk_ids has \(n * k - 1) values but the prompts generated \(n) tokens x K (\(k)) = \(n * k) values")
    }
}
