import ArgumentParser
import Reduce

/// The arguments of `nucleus reduce` and `nucleus-reduce`: one option group, so both tools
/// accept the same command line and print the same report.
public struct ReduceArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Results folder written by `nucleus run` (or a copy of one).", valueName: "results"))
    public var results: String

    @Flag(name: .long, help: "Apply the original study's token filter: drop tokens with entropy exactly 0 or nucleus cosine exactly 1 (counted in the report).")
    public var filterOriginal = false

    @Option(name: .long, help: "Bootstrap replicates (resampling whole prompts) for the 95% intervals of the correlations.")
    public var bootstrapReplicates = 1000

    @Option(name: .long, help: "Seed of the bootstrap resampling; the same seed and results give the same intervals.")
    public var bootstrapSeed: UInt64 = 0

    @Flag(name: .long, help: "Do not convert the SVG figures to PNG (otherwise done when rsvg-convert is on PATH).")
    public var noPNG = false

    public init() {}

    public func validate() throws {
        if bootstrapReplicates < 1 { throw ValidationError("--bootstrap-replicates must be at least 1") }
    }

    public var settings: ReduceSettings {
        ReduceSettings(filterOriginalStudy: filterOriginal,
                       bootstrap: BootstrapOptions(replicates: bootstrapReplicates, seed: bootstrapSeed),
                       writePNG: !noPNG)
    }

    /// Reduces the folder, writes report/, and prints what was done.
    public func reduce() throws {
        print(try Reducer.forResults(results, settings: settings).run().commandLineReport)
    }

    public static let discussion = """
        Reads every unit file under RESULTS/units and keeps the newest attempt of each prompt (reruns \
        replace buggy answers). Per model × dataset × technique: entropy vs nucleus cosine (Pearson, \
        Spearman, Kendall τ-b with p-values and by-prompt bootstrap intervals; 50-bin medians with a \
        fit of a·H·e^(−bH)+c) and, where references end in `#### N`, GSM8K accuracy with Wilson \
        intervals. Writes report/summary.md (read it first), CSV and LaTeX tables, SVG figures (and \
        PNG copies with rsvg-convert), prompts.csv and buggy_prompts_to_rerun.csv for `nucleus run \
        --rerun`. Damaged unit files are skipped, named and counted.
        """
}
