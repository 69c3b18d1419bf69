import Foundation

/// Rotary position embedding.
///
/// Two pairings exist for the same rotation: `.interleaved` rotates (x[2i], x[2i+1]) — what GGUF
/// llama checkpoints expect, because llama.cpp's converter permutes the Q/K rows for it — and
/// `.halves` rotates (x[i], x[i + d/2]) — Hugging Face's `rotate_half`. Both give the same
/// attention scores on their own checkpoints.
public struct RoPE: Sendable {
    public enum Pairing: Sendable { case interleaved, halves }

    public let pairing: Pairing
    /// Rotated dimensions per head (≤ head size; partial rotary leaves the rest unchanged).
    public let rotaryDimensions: Int
    /// Inverse frequencies, one per rotated pair.
    public let inverseFrequencies: [Float]

    public init(pairing: Pairing, rotaryDimensions: Int, theta: Double, frequencyScale: ((Double) -> Double)? = nil) {
        self.pairing = pairing
        self.rotaryDimensions = rotaryDimensions
        inverseFrequencies = (0..<(rotaryDimensions / 2)).map { i in
            let frequency = 1.0 / pow(theta, Double(2 * i) / Double(rotaryDimensions))
            return Float(frequencyScale?(frequency) ?? frequency)
        }
    }

    /// Rotates `heads` consecutive head vectors of size `headSize` at one position.
    public func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headSize: Int, position: Int) {
        let half = rotaryDimensions / 2
        for i in 0..<half {
            // Angles in Double: float32 position·frequency loses precision at long positions.
            let angle = Double(position) * Double(inverseFrequencies[i])
            let c = Float(cos(angle)), s = Float(sin(angle))
            for head in 0..<heads {
                let v = x + head * headSize
                let (a, b) = pairing == .interleaved ? (2 * i, 2 * i + 1) : (i, i + half)
                let x0 = v[a], x1 = v[b]
                v[a] = x0 * c - x1 * s
                v[b] = x0 * s + x1 * c
            }
        }
    }
}
