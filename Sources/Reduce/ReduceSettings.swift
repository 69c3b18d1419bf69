/// Choices a reduce makes that change its numbers (all recorded in summary.md).
public struct ReduceSettings: Sendable, Equatable {
    /// The original study's filter: drop tokens with entropy exactly 0 or cosine exactly 1.
    public var filterOriginalStudy: Bool
    /// Replicates and seed of the by-prompt bootstrap of the correlations.
    public var bootstrap: BootstrapOptions
    /// Equal-width entropy bins of the binned medians and the fit.
    public var binCount: Int
    /// Convert the SVG figures to PNG when `rsvg-convert` is on PATH.
    public var writePNG: Bool
    /// Files of different jobs, or of one report row with different settings, are reported as
    /// separate groups (`report/group-N/`) instead of stopping the reduce.
    public var splitMismatched: Bool
    /// A CSV (rows candidates, columns groups) to compare the rankings with by Kendall τ-b.
    public var compareRanking: String?
    /// `--grades FILE.csv`: grades that replace the SimpleQA rule's for the prompts they name.
    public var externalGrades: ExternalGrades?

    public init(filterOriginalStudy: Bool = false, bootstrap: BootstrapOptions = BootstrapOptions(),
                binCount: Int = 50, writePNG: Bool = true, splitMismatched: Bool = false, compareRanking: String? = nil,
                externalGrades: ExternalGrades? = nil) {
        self.filterOriginalStudy = filterOriginalStudy
        self.bootstrap = bootstrap
        self.binCount = binCount
        self.writePNG = writePNG
        self.splitMismatched = splitMismatched
        self.compareRanking = compareRanking
        self.externalGrades = externalGrades
    }
}
