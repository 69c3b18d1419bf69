import Foundation

/// How a checkpoint rescales RoPE's inverse frequencies to run past its training context
/// (transformers' `rope_type`). Applied once when the frequencies are built.
public enum RoPEScaling: Sendable, Equatable {
    /// `default`: frequencies as computed from theta.
    case none
    /// `linear`: every frequency divided by `factor` (positions interpolated).
    case linear(factor: Double)
    /// `llama3` (Llama 3.1+): low frequencies (wavelength above `originalContextLength /
    /// lowFrequencyFactor`) are divided by `factor`, high ones (below `originalContextLength /
    /// highFrequencyFactor`) kept, and those between blended linearly in `originalContextLength / wavelength`.
    case llama3(factor: Double, lowFrequencyFactor: Double, highFrequencyFactor: Double, originalContextLength: Int)

    /// The scaled inverse frequency.
    public func scale(_ inverseFrequency: Double) -> Double {
        switch self {
        case .none:
            return inverseFrequency
        case .linear(let factor):
            return inverseFrequency / factor
        case .llama3(let factor, let low, let high, let context):
            let wavelength = 2 * Double.pi / inverseFrequency
            let original = Double(context)
            if wavelength < original / high { return inverseFrequency }
            if wavelength > original / low { return inverseFrequency / factor }
            let smooth = (original / wavelength - low) / (high - low)
            return (1 - smooth) * inverseFrequency / factor + smooth * inverseFrequency
        }
    }
}

extension RoPE {
    /// Frequencies from `theta`, rescaled by `scaling`.
    public init(pairing: Pairing, rotaryDimensions: Int, theta: Double, scaling: RoPEScaling) {
        let scale: ((Double) -> Double)? = scaling == .none ? nil : { scaling.scale($0) }
        self.init(pairing: pairing, rotaryDimensions: rotaryDimensions, theta: theta, frequencyScale: scale)
    }
}
