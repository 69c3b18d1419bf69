import CKernels

/// The two float64 passes over a vocabulary row behind a token's entropy and varentropy
/// (`Sources/CKernels/MomentKernels.c`), over the first `count / 8 · 8` entries: eight lanes, lane l
/// taking the entries i ≡ l (mod 8) in order from +0, each lane sum added first to last. Every level
/// gives the bits of the Swift twins below; the caller adds the ragged tail.
public enum MomentSums {
    /// (Σ w, Σ w·(z − maximum)) with zero weights contributing +0 (not 0 · −inf).
    public static func first(logits: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Double>, count: Int,
                             maximum: Double, level: KernelLevel = .selected) -> (partition: Double, weightedShift: Double) {
        precondition(count % 8 == 0 && logits.count >= count && weights.count >= count, "\(count) entries")
        var sums = (0.0, 0.0)
        withUnsafeMutableBytes(of: &sums) { raw in
            nk_moment_first_pass(Int32(level.rawValue), logits.baseAddress, weights.baseAddress, count, maximum,
                                 raw.baseAddress?.assumingMemoryBound(to: Double.self))
        }
        return sums
    }

    /// (−Σ p·s, Σ p·c·c) with p = w / partition, s = (z − maximum) − logPartition, c = s + centre, zero
    /// weights contributing +0.
    public static func second(logits: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Double>, count: Int,
                              maximum: Double, partition: Double, logPartition: Double, centre: Double,
                              level: KernelLevel = .selected) -> (entropy: Double, varentropy: Double) {
        precondition(count % 8 == 0 && logits.count >= count && weights.count >= count, "\(count) entries")
        var sums = (0.0, 0.0)
        withUnsafeMutableBytes(of: &sums) { raw in
            nk_moment_second_pass(Int32(level.rawValue), logits.baseAddress, weights.baseAddress, count, maximum,
                                  partition, logPartition, centre, raw.baseAddress?.assumingMemoryBound(to: Double.self))
        }
        return sums
    }

    /// Swift twin of `first`: SIMD8 lanes, as `Moments` computed them before the C kernels.
    public static func referenceFirst(logits: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Double>,
                                      count: Int, maximum: Double) -> (partition: Double, weightedShift: Double) {
        var partition = SIMD8<Double>(), weightedShift = SIMD8<Double>()
        for index in stride(from: 0, to: count, by: 8) {
            let shift = widened(logits, index) - maximum
            let weight = SIMD8<Double>((0..<8).map { weights[index + $0] })
            partition += weight
            weightedShift += (weight * shift).replacing(with: 0, where: weight .== 0)
        }
        return (laneSum(partition), laneSum(weightedShift))
    }

    /// Swift twin of `second`.
    public static func referenceSecond(logits: UnsafeBufferPointer<Float>, weights: UnsafeBufferPointer<Double>,
                                       count: Int, maximum: Double, partition: Double, logPartition: Double,
                                       centre: Double) -> (entropy: Double, varentropy: Double) {
        var entropy = SIMD8<Double>(), varentropy = SIMD8<Double>()
        for index in stride(from: 0, to: count, by: 8) {
            let weight = SIMD8<Double>((0..<8).map { weights[index + $0] })
            let p = weight / partition
            let logP = widened(logits, index) - maximum - logPartition
            let centred = logP + centre
            entropy -= (p * logP).replacing(with: 0, where: weight .== 0)
            varentropy += (p * centred * centred).replacing(with: 0, where: weight .== 0)
        }
        return (laneSum(entropy), laneSum(varentropy))
    }

    private static func widened(_ row: UnsafeBufferPointer<Float>, _ index: Int) -> SIMD8<Double> {
        SIMD8<Double>((0..<8).map { Double(row[index + $0]) })
    }

    private static func laneSum(_ lanes: SIMD8<Double>) -> Double {
        var total = 0.0
        for lane in 0..<8 { total += lanes[lane] }
        return total
    }
}
