import Foundation

/// `report/reduce.json`: what summary.md says about provenance and completeness, for scripts
/// (a Slurm epilogue, `scripts/check_reduce.py`), and the scoring, SimpleQA and ranking tables
/// (`ReduceJSONTables`). Paths are relative to the results folder.
enum ReduceJSON {
    static func render(_ summary: ReduceSummary) -> String {
        encode(object(summary))
    }

    /// The index of a split reduce: status of the whole folder and one entry per group.
    static func renderIndex(_ groups: [ReduceSummary]) -> String {
        let partial = ReduceSummary.partialReasons(
            plan: groups.first?.plan ?? PlanCheck(unavailable: nil, jobHash: "", plannedUnits: 0, missingUnits: []),
            skipped: Set(groups.flatMap { $0.skippedFiles.map(\.file) }), incomplete: Set(groups.flatMap(\.incompleteFiles)))
        return encode([
            "status": partial.isEmpty ? "complete" : "partial",
            "partial_reasons": partial,
            "groups": groups.map { group -> [String: Any] in
                var entry = object(group)
                entry["folder"] = group.group ?? ""
                return entry
            },
        ] as [String: Any])
    }

    private static func object(_ summary: ReduceSummary) -> [String: Any] {
        let plan = summary.plan
        let provenance: [String: Any] = [
            "status": summary.isPartial ? "partial" : "complete",
            "partial_reasons": summary.partialReasons,
            "job_name": summary.jobName,
            "job_hash": summary.jobHash,
            "rows": summary.rowSettings.map { row in
                ["model": row.key.model, "dataset": row.key.dataset, "technique": row.key.technique,
                 "settings": row.key.settings, "generation": row.generationJSON, "analysis": row.analysisJSON]
            },
            "plan": [
                "checked": plan.unavailable == nil,
                "job_hash": plan.jobHash,
                "planned_units": plan.plannedUnits,
                "missing_units": plan.missingUnits.map { unit -> [String: Any] in
                    ["unit_id": unit.unitID, "cell": unit.cell.directoryName,
                     "rows": unit.rows, "missing_rows": unit.missingRows]
                },
            ] as [String: Any],
            "unit_files_read": summary.unitFilesRead,
            "skipped_files": summary.skippedFiles.map { ["file": relative($0.file, summary), "reason": $0.reason] },
            "incomplete_files": summary.incompleteFiles.map { relative($0, summary) },
            "prompts": summary.prompts,
        ]
        return provenance.merging(ReduceJSONTables.sections(summary)) { old, _ in old }
    }

    private static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else {
            return "{}\n"  // unreachable: every value is a string, finite number, bool, null, array or dictionary
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func relative(_ file: URL, _ summary: ReduceSummary) -> String {
        let base = summary.resultsFolder.standardizedFileURL.path + "/"
        let path = file.standardizedFileURL.path
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}
