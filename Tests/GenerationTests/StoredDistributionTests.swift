import Foundation
import Generation
import Testing

/// `TokenStatisticsCalculator` with `storesDistribution`: each entry is Float16 of softmax(z)
/// computed here in Double (the definition), the top-N ids are the canonical order (ties by
/// lower id), and the statistics are the same as without it.
@Suite struct StoredDistributionTests {
    static let (vocabulary, dimension) = (600, 16)

    static func setup(seed: UInt64) throws -> (NormalizedEmbeddings, [[Float]]) {
        let rng = SequenceRNG(key: seed)
        let matrix = (0..<(vocabulary * dimension)).map { Float(rng.uniform(step: $0) - 0.5) }
        let embeddings = try NormalizedEmbeddings(matrix: matrix, vocabularySize: vocabulary, dimension: dimension)
        // Quantised logits (many ties) at three spreads: flat to peaked.
        let rows = [0.5, 4, 20].enumerated().map { step, spread in
            (0..<vocabulary).map { Float((rng.uniform(step: 100_000 + step * vocabulary + $0) * spread * 8).rounded() / 8) }
        }
        return (embeddings, rows)
    }

    static func softmax(_ z: [Float]) -> [Double] {
        let top = Double(z.max() ?? 0)
        let w = z.map { exp(Double($0) - top) }
        let sum = w.reduce(0, +)
        return w.map { $0 / sum }
    }

    @Test(arguments: [UInt64(1), 2])
    func fullRowIsFloat16OfTheSoftmax(seed: UInt64) throws {
        let (embeddings, rows) = try Self.setup(seed: seed)
        var plain = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 5)
        var storing = plain
        storing.storesDistribution = true
        for z in rows {
            let got = try z.withUnsafeBufferPointer { try storing.compute(logits: $0, chosen: 3) }
            let without = try z.withUnsafeBufferPointer { try plain.compute(logits: $0, chosen: 3) }
            let p = Self.softmax(z)
            let mismatched = zip(got.distribution, p).filter { bits, value in
                // One rounding of the Double softmax; the calculator's exp may differ in the last Double bits.
                bits != Float16(value).bitPattern && abs(Double(Float16(bitPattern: bits)) - value) > Double(Float16(value).ulp)
            }
            #expect(got.distribution.count == Self.vocabulary && mismatched.isEmpty)
            #expect(got.distributionIDs.isEmpty)
            #expect(got.entropy == without.entropy && got.topkIds == without.topkIds && got.nucleusSize == without.nucleusSize)
            #expect(without.distribution.isEmpty)
        }
    }

    @Test func topNIsTheCanonicalOrder() throws {
        let (embeddings, rows) = try Self.setup(seed: 3)
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 5)
        calculator.storesDistribution = true
        calculator.distributionTop = 40
        for z in rows {
            let got = try z.withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 0) }
            let p = Self.softmax(z)
            let expected = z.indices.sorted { z[$0] != z[$1] ? z[$0] > z[$1] : $0 < $1 }.prefix(40).map(Int32.init)
            #expect(got.distributionIDs == Array(expected))
            for (bits, id) in zip(got.distribution, got.distributionIDs) {
                #expect(abs(Double(Float16(bitPattern: bits)) - p[Int(id)]) <= Double(Float16(p[Int(id)]).ulp) / 2 * 1.0001)
            }
        }
    }
}
