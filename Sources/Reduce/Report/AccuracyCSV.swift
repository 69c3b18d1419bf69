/// `report/accuracy.csv`: GSM8K-style accuracy per (model, dataset, technique).
enum AccuracyCSV {
    static let columns = [
        "model", "dataset", "technique", "prompts", "replaced_by_rerun", "buggy", "answered", "correct",
        "strict_correct", "ungraded",
        "accuracy_answered", "accuracy_answered_low", "accuracy_answered_high",
        "accuracy_all", "accuracy_all_low", "accuracy_all_high",
        "mean_entropy_correct", "mean_entropy_wrong", "mean_cosine_correct", "mean_cosine_wrong",
    ]

    static func render(_ rows: [AccuracyRow]) -> String {
        var csv = CSVText(columns: CorrelationKey.columns(columns, for: rows.map(\.key)))
        for row in rows {
            let counts = [row.prompts, row.replacedByRerun, row.buggy, row.answered, row.correct, row.strictCorrect,
                          row.ungraded].map(String.init)
            let numbers = [row.accuracyAnswered, row.accuracyAll].flatMap { [$0.proportion, $0.lower, $0.upper] }
                + [row.meanEntropyCorrect, row.meanEntropyWrong, row.meanCosineCorrect, row.meanCosineWrong]
            csv.append(row.key.fields + counts + numbers.map(ReportNumber.csv))
        }
        return csv.text
    }
}

/// `report/prompts.csv` (every merged prompt and its grade) and
/// `report/buggy_prompts_to_rerun.csv` (the prompts without an answer, in the format
/// `nucleus run JOB --rerun FILE` reads).
enum PromptsCSV {
    static let columns = ["model", "dataset", "technique", "row", "unit", "attempt", "replaced_by_rerun",
                          "finish_reason", "generated", "answer", "strict_answer", "reference_answer", "buggy", "correct",
                          "sample", "perturbation"]

    static func render(_ prompts: [GradedPrompt]) -> String {
        var csv = CSVText(columns: CorrelationKey.columns(columns, for: prompts.map(\.key)))
        for prompt in prompts {
            let grade = prompt.grade
            csv.append(prompt.key.fields + [
                String(prompt.row), prompt.unitID, String(prompt.attempt), String(prompt.replacedByRerun),
                prompt.finishReason, String(prompt.generated),
                grade?.used?.canonical ?? "", grade?.strict?.canonical ?? "", grade?.reference?.canonical ?? "",
                grade == nil ? "" : String(prompt.isBuggy), grade == nil ? "" : String(prompt.isCorrect),
                String(prompt.sample), prompt.perturbation,
            ])
        }
        return csv.text
    }

    static func renderRerunList(_ prompts: [GradedPrompt]) -> String {
        var csv = CSVText(columns: CorrelationKey.columns(["model", "dataset", "technique", "row"], for: prompts.map(\.key))
                          + ["sample"])
        var listed = Set<[String]>()
        // Each sample of a row is its own unit, so the list names the buggy sample alone.
        for prompt in prompts where prompt.isBuggy {
            let fields = prompt.key.fields + [String(prompt.row), String(prompt.sample)]
            if listed.insert(fields).inserted { csv.append(fields) }
        }
        return csv.text
    }
}
