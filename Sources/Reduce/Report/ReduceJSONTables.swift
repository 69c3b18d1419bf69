import Foundation

/// The result tables of `reduce.json`, mirroring the CSVs column for column (same names), so a
/// script needs no CSV parsing: `scoring` (scoring.csv), `simpleqa` (simpleqa.csv) and `ranking`
/// (ranking.csv, ranking_top_bottom.csv, ranking_variation.csv, ranking_comparison.csv).
/// Numbers are JSON numbers; a NaN or infinite value (an undefined statistic) is `null`.
enum ReduceJSONTables {
    static func sections(_ summary: ReduceSummary) -> [String: Any] {
        [
            "scoring": summary.scoring.map(scoring),
            "simpleqa": summary.simpleQA.map(simpleQA),
            "ranking": summary.ranking.map { ranking($0) as Any } ?? NSNull(),
        ]
    }

    private static func scoring(_ row: ScoringRow) -> [String: Any] {
        cell(row.key).merging([
            "documents": row.documents, "tokens": row.tokens, "positions": row.positions,
            "mean_entropy": number(row.meanEntropy), "perplexity": number(row.perplexity),
            "average_distribution_positions": row.average?.positions ?? 0,
            "average_distribution_entropy": number(row.average?.entropy ?? .nan),
        ]) { _, new in new }
    }

    private static func simpleQA(_ row: SimpleQARow) -> [String: Any] {
        var object = cell(row.key).merging([
            "prompts": row.prompts, "correct": row.correct, "incorrect": row.incorrect,
            "not_attempted": row.notAttempted, "externally_graded": row.externallyGraded, "f_score": number(row.fScore),
        ]) { _, new in new }
        for (name, interval) in [("correct", row.correctRate), ("incorrect", row.incorrectRate),
                                 ("not_attempted", row.notAttemptedRate), ("accuracy_given_attempted", row.accuracyGivenAttempted)] {
            // simpleqa.csv's names: `correct_rate`, `correct_low`, …, but `accuracy_given_attempted` bare.
            object[name == "accuracy_given_attempted" ? name : name + "_rate"] = number(interval.proportion)
            object[name + "_low"] = number(interval.lower)
            object[name + "_high"] = number(interval.upper)
        }
        return object
    }

    private static func ranking(_ summary: RankingSummary) -> [String: Any] {
        let analysis = summary.analysis
        return [
            "scores": summary.scores,
            "ranking": analysis.ranked.map { row -> [String: Any] in
                ["model": row.key.model, "dataset": row.key.dataset, "technique": row.key.technique,
                 "template": row.key.templateID, "group": row.key.group, "candidate": row.candidate, "rank": row.rank,
                 "score": number(row.score), "mean_score": number(row.meanScore), "n_tokens": number(row.nTokens),
                 "first_logit": number(row.firstLogit), "forms": row.forms]
            },
            "top_bottom": analysis.topBottom.map { row -> [String: Any] in
                ["model": row.model, "dataset": row.dataset, "technique": row.technique, "group": row.group,
                 "candidate": row.candidate, "templates": row.templates, "top": row.top, "bottom": row.bottom]
            },
            "variation": analysis.variation.map { row -> [String: Any] in
                ["model": row.model, "dataset": row.dataset, "technique": row.technique, "candidate": row.candidate,
                 "group": row.group, "templates": row.templates,
                 "score_mean_abs_diff": number(row.scoreMeanAbsoluteDifference),
                 "rank_mean_abs_diff": number(row.rankMeanAbsoluteDifference)]
            },
            "comparison_file": summary.comparisonFile.map { $0 as Any } ?? NSNull(),
            "comparison": summary.comparison.map { rows -> Any in
                rows.map { row -> [String: Any] in
                    ["model": row.model, "dataset": row.dataset, "technique": row.technique, "template": row.template,
                     "group": row.group, "n": row.n, "kendall_tau_b": number(row.kendall.statistic),
                     "p_value": number(row.kendall.pValue),
                     "undefined": row.kendall.undefinedReason.map { "\($0)" } ?? ""]
                }
            } ?? NSNull(),
        ]
    }

    /// The cell columns of the CSVs: `settings` only when the job has a settings axis.
    private static func cell(_ key: CorrelationKey) -> [String: Any] {
        var object: [String: Any] = ["model": key.model, "dataset": key.dataset, "technique": key.technique]
        if !key.settings.isEmpty { object["settings"] = key.settings }
        return object
    }

    private static func number(_ value: Double) -> Any {
        value.isFinite ? value : NSNull()
    }
}
