extension Statistics {
    /// The `percent`-th percentile (0 ... 100) of ascending `sorted` values by linear
    /// interpolation between order statistics, as numpy.percentile(method='linear') computes it:
    /// index (n − 1) · percent / 100, and the interpolation taken from the nearer end (numpy's
    /// `_lerp`), so results agree bit for bit. NaN for an empty array or a percent out of range.
    public static func percentile(sorted: [Double], percent: Double) -> Double {
        guard !sorted.isEmpty, percent >= 0, percent <= 100 else { return .nan }
        let index = Double(sorted.count - 1) * (percent / 100)
        let below = min(Int(index.rounded(.down)), sorted.count - 1)
        let above = min(below + 1, sorted.count - 1)
        let weight = index - Double(below)
        let low = sorted[below], high = sorted[above]
        let difference = high - low
        return weight >= 0.5 ? high - difference * (1 - weight) : low + difference * weight
    }
}
