import Foundation
import Testing
@testable import Kernels

/// The moment passes (C, every level this CPU has) against their Swift SIMD8 twins, bit for bit:
/// rows of realistic logits with their weights (up to a vocabulary's 49 152), zero weights at −inf
/// logits, one row with a NaN logit and weight, and an empty row.
@Suite struct MomentSumsTests {
    static func row(_ count: Int, seed: UInt64) -> (logits: [Float], weights: [Double], maximum: Double) {
        var logits = MatMulTests.random(count, seed: seed).map { $0 * 30 }
        if count > 20 {
            logits[3] = -.infinity
            logits[11] = -.infinity
        }
        if count == 64 { logits[17] = .nan }  // the whole row's sums become NaN: their payloads must match too
        let maximum = Double(logits.filter { !$0.isNaN }.max() ?? 0)
        let weights = logits.map { $0.isNaN ? Double.nan : exponential(Double($0) - maximum) }
        return (logits, weights, maximum)
    }

    @Test func everyLevelEqualsTheSwiftTwinsBitwise() {
        for (count, seed) in [(0, 1), (8, 2), (64, 3), (1000, 4), (49_152, 5)] {
            let (logits, weights, maximum) = Self.row(count, seed: UInt64(seed))
            logits.withUnsafeBufferPointer { z in
                weights.withUnsafeBufferPointer { w in
                    let first = MomentSums.referenceFirst(logits: z, weights: w, count: count, maximum: maximum)
                    let logPartition = log(first.partition)
                    let centre = logPartition - first.weightedShift / first.partition
                    let second = MomentSums.referenceSecond(logits: z, weights: w, count: count, maximum: maximum,
                                                            partition: first.partition, logPartition: logPartition,
                                                            centre: centre)
                    for level in KernelLevel.available {
                        let a = MomentSums.first(logits: z, weights: w, count: count, maximum: maximum, level: level)
                        let b = MomentSums.second(logits: z, weights: w, count: count, maximum: maximum,
                                                  partition: first.partition, logPartition: logPartition,
                                                  centre: centre, level: level)
                        #expect(a.partition.bitPattern == first.partition.bitPattern, "\(level.name) \(count)")
                        #expect(a.weightedShift.bitPattern == first.weightedShift.bitPattern, "\(level.name) \(count)")
                        #expect(b.entropy.bitPattern == second.entropy.bitPattern, "\(level.name) \(count)")
                        #expect(b.varentropy.bitPattern == second.varentropy.bitPattern, "\(level.name) \(count)")
                    }
                }
            }
        }
    }
}
