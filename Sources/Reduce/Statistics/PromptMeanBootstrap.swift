extension Statistics {
    /// A percentile interval for the mean of per-prompt values, resampling prompts with
    /// replacement: samples of one prompt are not independent, so the prompt is the unit resampled.
    ///
    /// Replicate r draws from ``Xoshiro256StarStar`` seeded with the r-th output of ``SplitMix64``
    /// seeded with `options.seed`, as the correlation bootstrap does (so one `--bootstrap-seed`
    /// fixes every interval of a report). Non-finite values are left out first; with none left
    /// the interval is NaN.
    public static func promptMeanInterval(_ values: [Double], options: BootstrapOptions) -> BootstrapInterval {
        let finite = values.filter(\.isFinite)
        let replicates = max(options.replicates, 0)
        guard !finite.isEmpty, replicates > 0 else {
            return BootstrapInterval(lower: .nan, upper: .nan, undefinedReplicates: replicates)
        }
        var seeds = SplitMix64(seed: options.seed)
        var means: [Double] = []
        means.reserveCapacity(replicates)
        for _ in 0..<replicates {
            var generator = Xoshiro256StarStar(seed: seeds.next())
            var sum = CompensatedSum()
            for _ in finite.indices { sum.add(finite[generator.uniformIndex(below: finite.count)]) }
            means.append(sum.value / Double(finite.count))
        }
        means.sort()
        let lowerPercent = (100 - 100 * options.confidence) / 2
        return BootstrapInterval(lower: percentile(sorted: means, percent: lowerPercent),
                                 upper: percentile(sorted: means, percent: 100 - lowerPercent), undefinedReplicates: 0)
    }
}
