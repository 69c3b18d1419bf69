import Prompts

/// `report/simpleqa.csv` (rates per cell) and `report/simpleqa_prompts.csv` (every graded prompt,
/// its first line and grade, for checking the rule or handing to another grader).
enum SimpleQACSV {
    static let columns = [
        "model", "dataset", "technique", "prompts", "correct", "incorrect", "not_attempted", "externally_graded",
        "correct_rate", "correct_low", "correct_high", "incorrect_rate", "incorrect_low", "incorrect_high",
        "not_attempted_rate", "not_attempted_low", "not_attempted_high",
        "accuracy_given_attempted", "accuracy_given_attempted_low", "accuracy_given_attempted_high", "f_score",
    ]

    static func render(_ rows: [SimpleQARow]) -> String {
        var csv = CSVText(columns: columns)
        for row in rows {
            let counts = [row.prompts, row.correct, row.incorrect, row.notAttempted, row.externallyGraded].map(String.init)
            let rates = [row.correctRate, row.incorrectRate, row.notAttemptedRate, row.accuracyGivenAttempted]
                .flatMap { [$0.proportion, $0.lower, $0.upper] } + [row.fScore]
            csv.append(row.key.fields + counts + rates.map(ReportNumber.csv))
        }
        return csv.text
    }

    static let promptColumns = ["model", "dataset", "technique", "row", "unit", "attempt", "reference", "first_line",
                                "rule_grade", "grade", "grade_source"]

    static func renderPrompts(_ prompts: [GradedPrompt]) -> String {
        var csv = CSVText(columns: promptColumns)
        for prompt in prompts {
            guard let grade = prompt.textGrade, let rule = prompt.ruleTextGrade else { continue }
            csv.append(prompt.key.fields + [
                String(prompt.row), prompt.unitID, String(prompt.attempt), prompt.reference,
                SimpleQAGrade.firstLine(of: prompt.completion), rule.rawValue, grade.rawValue,
                prompt.textGradeIsExternal ? "external" : "rule",
            ])
        }
        return csv.text
    }
}
