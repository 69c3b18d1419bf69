import Testing
@testable import Kernels

/// The threshold scan against its naive twin at every level: hits in every lane and in the tail,
/// ties (not above), NaN (never above), ±infinity, every start offset.
@Suite struct RowScanTests {
    static func naive(_ row: [Float], from start: Int, threshold: Float) -> Int {
        (start..<row.count).first { row[$0] > threshold } ?? row.count
    }

    @Test func everyLevelEqualsTheNaiveTwin() {
        var row = MatMulTests.random(203, seed: 21)
        row[40] = .nan
        row[41] = .infinity
        row[77] = 0.999
        row[150] = .nan
        row[190] = 1.5
        row[202] = -.infinity
        var checked = 0
        row.withUnsafeBufferPointer { buffer in
            for threshold: Float in [-.infinity, -2, 0, 0.5, 0.998, 0.999, 1.2, 2, .infinity, .nan] {
                for start in 0...row.count {
                    let expected = Self.naive(row, from: start, threshold: threshold)
                    for level in KernelLevel.available {
                        let actual = RowScan.nextAbove(buffer, from: start, threshold: threshold, level: level)
                        #expect(actual == expected, "\(level.name) start \(start) threshold \(threshold)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked >= 10 * 204)
        #expect(RowScan.nextAbove(UnsafeBufferPointer(start: nil, count: 0), from: 0, threshold: 0) == 0)
    }
}
