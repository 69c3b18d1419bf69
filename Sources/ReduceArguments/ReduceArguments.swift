import ArgumentParser
import Foundation
import Reduce

/// The arguments of `nucleus reduce` and `nucleus-reduce`: one option group, so both tools
/// accept the same command line, print the same report and end with the same exit status.
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

    @Flag(name: .long, help: "Exit with status 0 even when the report is partial (damaged files skipped, planned units missing); otherwise such a report ends with status 3.")
    public var allowPartial = false

    @Flag(name: .long, help: "Unit files of different jobs, or of one row with different generation/analysis settings, are reduced as separate groups (report/group-N/) instead of stopping the reduce.")
    public var splitMismatched = false

    @Option(name: .long, help: ArgumentHelp("Compare the candidate rankings of `task: rank` units with this CSV (first column `candidate`, one column per group: counts or prevalences) by Kendall τ-b per model × group and per template.", valueName: "file.csv"))
    public var compareRanking: String?

    @Option(name: .long, help: ArgumentHelp(
        "Grades from another grader (an LLM judge, people) that replace the SimpleQA rule's: CSV with columns row, grade (correct | incorrect | not_attempted) and optionally model, dataset, technique.",
        valueName: "file.csv"))
    public var grades: String?

    public init() {}

    public func validate() throws {
        if bootstrapReplicates < 1 { throw ValidationError("--bootstrap-replicates must be at least 1") }
    }

    public var settings: ReduceSettings {
        ReduceSettings(filterOriginalStudy: filterOriginal,
                       bootstrap: BootstrapOptions(replicates: bootstrapReplicates, seed: bootstrapSeed),
                       writePNG: !noPNG, splitMismatched: splitMismatched,
                       compareRanking: compareRanking)
    }

    /// Reduces the folder, writes report/, prints what was done, and throws `ExitCode(3)` when
    /// the report is partial (unless `--allow-partial`).
    public func reduce() throws {
        var settings = self.settings
        if let grades { settings.externalGrades = try ExternalGrades(contentsOf: URL(fileURLWithPath: grades)) }
        let outcome = try Reducer.forResults(results, settings: settings).run()
        print(outcome.commandLineReport)
        if let warning = outcome.partialWarning {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
            if !allowPartial { throw ExitCode(ReduceExitStatus.partial) }
        }
    }

    public static let discussion = """
        Reads every unit file under RESULTS/units and keeps the newest attempt of each prompt (reruns \
        replace buggy answers). Per model × dataset × technique: entropy vs nucleus cosine (Pearson, \
        Spearman, Kendall τ-b with p-values and by-prompt bootstrap intervals; 50-bin medians with a \
        fit of a·H·e^(−bH)+c) and, where references end in `#### N`, GSM8K accuracy with Wilson \
        intervals; on SimpleQA datasets, correct / incorrect / not attempted with Wilson intervals and \
        the F-score (--grades replaces the rule's grades). Writes report/summary.md (read it first), reduce.json, CSV and LaTeX tables, SVG \
        figures (and PNG copies with rsvg-convert), prompts.csv and buggy_prompts_to_rerun.csv for \
        `nucleus run --rerun`. The new report is built beside report/ and replaces it only when \
        complete.

        Unit files of another job (job hash ≠ job.json's), or of one row with other generation or \
        analysis settings, stop the reduce with an error naming two such files (see \
        --split-mismatched). Planned units that were not read are listed on stderr and in \
        summary.md; damaged files are skipped, named and counted.

        Exit status: 0 = report complete (every unit planned in job.json read); 3 = report written \
        but partial (skipped files, missing units, or no job.json to check against; 0 with \
        --allow-partial); 1 = reduce stopped, report/ unchanged; 64 = bad command line.
        """
}
