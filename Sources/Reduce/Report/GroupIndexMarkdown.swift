import Foundation

/// `report/summary.md` of a split reduce (`--split-mismatched`): which groups the unit files
/// fell into and where each group's own report is.
enum GroupIndexMarkdown {
    static func render(_ groups: [ReduceSummary]) -> String {
        guard let first = groups.first else { return "" }
        let partial = ReduceSummary.partialReasons(
            plan: first.plan, skipped: Set(groups.flatMap { $0.skippedFiles.map(\.file) }),
            incomplete: Set(groups.flatMap(\.incompleteFiles)))
        var lines = [
            "# Nucleus reduce: \(first.resultsFolder.lastPathComponent), split into \(groups.count) groups",
            "",
            "The unit files of this folder do not all belong together (different job hashes, or one row "
                + "with different generation or analysis settings). `--split-mismatched` reduced each group "
                + "of files with one job hash, one generation and one analysis setting on its own; no prompt "
                + "of one group counts in another.",
            "",
            "- Report: " + (partial.isEmpty ? "complete" : "**partial**: " + partial.joined(separator: "; ")),
            "",
            "| group | job | job hash | analysis | generation | unit files read | prompts |",
            "|---|---|---|---|---|---:|---:|",
        ]
        for group in groups {
            let analysis = Set(group.rowSettings.map(\.analysisDescription)).sorted().joined(separator: "; ")
            let generation = Set(group.rowSettings.map(\.generationJSON)).sorted().map { "`\($0)`" }.joined(separator: "; ")
            let name = group.group ?? ""
            lines.append("| [\(name)](\(name)/summary.md) | \(group.jobName) | `\(group.jobHash)` | \(analysis) | \(generation) | "
                         + "\(group.unitFilesRead) | \(group.prompts) |")
        }
        let missing = first.plan.missingUnits
        if !missing.isEmpty {
            lines += ["", "## Missing units", "",
                      "\(missing.count) of the \(first.plan.plannedUnits) units planned in job.json (job hash "
                        + "`\(first.plan.jobHash)`) were not read in full by any group:", ""]
                + missing.map { "- " + $0.description }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
