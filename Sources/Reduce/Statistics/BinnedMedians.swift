/// Cosine quartiles of the tokens whose entropy falls in one equal-width bin.
public struct EntropyBin: Sendable, Equatable {
    /// Bin edges [lower, upper) — the last bin also holds its upper edge — and midpoint.
    public var lower: Double
    public var upper: Double
    public var center: Double
    public var count: Int
    /// 25th, 50th and 75th percentiles of cosine (numpy's linear interpolation); NaN when empty.
    public var lowerQuartile: Double
    public var median: Double
    public var upperQuartile: Double

    // NaN-aware, so empty bins compare equal in tests.
    public static func == (a: EntropyBin, b: EntropyBin) -> Bool {
        func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }
        return a.lower == b.lower && a.upper == b.upper && a.center == b.center && a.count == b.count
            && same(a.lowerQuartile, b.lowerQuartile) && same(a.median, b.median) && same(a.upperQuartile, b.upperQuartile)
    }
}

extension Statistics {
    /// Splits [min, max] of `entropy` into `binCount` equal-width bins and summarises the cosine
    /// of each: token i goes to bin ⌊(hᵢ − min) / (max − min) · binCount⌋, the maximum to the
    /// last bin. Empty bins are kept (count 0, NaN quartiles). Returns no bins when there are no
    /// tokens or binCount < 1; when every entropy is equal the range is zero and all tokens go to
    /// the first bin, whose edges and center are that value. Values must be finite; pairs beyond
    /// the shorter column are ignored.
    public static func binnedMedians(entropy: [Double], cosine: [Double], binCount: Int = 50) -> [EntropyBin] {
        let n = min(entropy.count, cosine.count)
        guard n > 0, binCount >= 1 else { return [] }
        let low = entropy[..<n].min() ?? 0, high = entropy[..<n].max() ?? 0
        let range = high - low
        var members = [[Double]](repeating: [], count: binCount)
        for i in 0..<n {
            let bin = range > 0 ? min(Int((entropy[i] - low) / range * Double(binCount)), binCount - 1) : 0
            members[bin].append(cosine[i])
        }
        return members.enumerated().map { index, values in
            let sorted = values.sorted()
            return EntropyBin(
                lower: low + range * Double(index) / Double(binCount),
                upper: low + range * Double(index + 1) / Double(binCount),
                center: low + range * (Double(index) + 0.5) / Double(binCount),
                count: sorted.count,
                lowerQuartile: percentile(sorted: sorted, percent: 25),
                median: percentile(sorted: sorted, percent: 50),
                upperQuartile: percentile(sorted: sorted, percent: 75))
        }
    }
}
