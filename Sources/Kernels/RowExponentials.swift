import CKernels

/// e^((z − max) / T) in float64 for a whole logits row (`Sources/CKernels/ExponentialKernels.c`),
/// with the operations of Generation's `exponential` at every level: the same bits, faster.
public enum RowExponentials {
    /// out[i] = exponential((Double(z[i]) − maximum) / temperature); NaN entries give NaN.
    public static func shifted(_ z: UnsafeBufferPointer<Float>, maximum: Double, temperature: Double = 1,
                               into out: UnsafeMutableBufferPointer<Double>, level: KernelLevel = .selected) {
        precondition(out.count >= z.count, "\(out.count) outputs for \(z.count) logits")
        guard let input = z.baseAddress, let output = out.baseAddress else { return }
        nk_shifted_exponentials(Int32(level.rawValue), input, z.count, maximum, temperature, output)
    }
}
