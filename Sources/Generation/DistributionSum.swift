import Foundation

/// Σ p_t over scored positions, in float64, and how many positions were added: the numerator and
/// denominator of a cell's average next-token distribution p̄ (DESIGN §10, "Scoring").
public struct DistributionSum: Sendable, Equatable {
    public var probabilities: [Double]
    public var positions: Int

    public init(vocabularySize: Int) {
        probabilities = [Double](repeating: 0, count: vocabularySize)
        positions = 0
    }

    /// Adds p = softmax(logits) (float64, as the token statistics compute it).
    mutating func add(logits: UnsafeBufferPointer<Float>) {
        guard let maximum = logits.max() else { return }
        let shifted = Double(maximum)
        var partition = 0.0
        for z in logits { partition += exp(Double(z) - shifted) }
        probabilities.withUnsafeMutableBufferPointer { sum in
            for (v, z) in logits.enumerated() { sum[v] += exp(Double(z) - shifted) / partition }
        }
        positions += 1
    }
}
