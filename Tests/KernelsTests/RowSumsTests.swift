import Testing
@testable import Kernels

@Suite struct RowSumsTests {
    /// The sequential loop the kernels must reproduce bit for bit.
    static func naive(_ rows: [Float], dimension: Int, ids: [Int32], weights: [Double]) -> (sum: [Double], weighted: [Double]) {
        var sum = [Double](repeating: 0, count: dimension), weighted = sum
        for (i, id) in ids.enumerated() {
            for j in 0..<dimension {
                let value = Double(rows[Int(id) * dimension + j])
                sum[j] += value
                weighted[j] += weights[i] * value
            }
        }
        return (sum, weighted)
    }

    @Test(arguments: [1, 4, 15, 16, 17, 100, 576])
    func everyLevelGivesTheBitsOfTheLoop(dimension: Int) {
        let rowCount = 50
        let rows = MatMulTests.random(rowCount * dimension, seed: UInt64(dimension))
        for count in [0, 1, 2, 37, 300] {
            let ids = (0..<count).map { Int32(($0 * 7 + dimension) % rowCount) }  // repeats included
            let weights = MatMulTests.random(count, seed: UInt64(count + 1)).map { Double($0) * 1e-3 }
            let want = Self.naive(rows, dimension: dimension, ids: ids, weights: weights)
            for level in KernelLevel.available {
                var sum = [Double](repeating: .nan, count: dimension), weighted = sum
                rows.withUnsafeBufferPointer { rows in
                    ids.withUnsafeBufferPointer { ids in
                        weights.withUnsafeBufferPointer { weights in
                            sum.withUnsafeMutableBufferPointer { sum in
                                weighted.withUnsafeMutableBufferPointer { weighted in
                                    RowSums.weighted(rows: rows, dimension: dimension, ids: ids, weights: weights,
                                                     sum: sum, weighted: weighted, level: level)
                                }
                            }
                        }
                    }
                }
                #expect(sum.map(\.bitPattern) == want.sum.map(\.bitPattern), "level \(level), d \(dimension), k \(count)")
                #expect(weighted.map(\.bitPattern) == want.weighted.map(\.bitPattern), "level \(level), d \(dimension), k \(count)")
            }
        }
    }
}
