import Foundation
import Testing
import Store
@testable import Reduce

/// Two keys: gsm8k/cot with one NaN cosine and a replaced prompt, xsum/baseline with a constant cosine.
private func handMadeLoader(resultsFolder: URL) -> InMemoryLoader {
    let units = resultsFolder.appendingPathComponent("units")
    let first = makeRecord(unit: "u1", attempt: 0, prompts: [
        PromptColumns(row: 0, entropy: [0.5, 1.0, 1.5], cosine: [0.2, .nan, 0.4]),
        PromptColumns(row: 1, entropy: [9, 9], cosine: [0.9, 0.1]),
    ])
    let rerun = makeRecord(unit: "u1", attempt: 1, prompts: [PromptColumns(row: 1, entropy: [2.0, 2.5], cosine: [0.5, 0.3])])
    let constant = makeRecord(unit: "u2", attempt: 0, model: "m1", dataset: "xsum", technique: "baseline", prompts: [
        PromptColumns(row: 0, entropy: [1, 2, 3], cosine: [0.5, 0.5, 0.5]),
    ])
    return InMemoryLoader(
        files: [
            (units.appendingPathComponent("m1__gsm8k__cot__s0/u1.attempt-0.h5"), first),
            (units.appendingPathComponent("m1__gsm8k__cot__s0/u1.attempt-1.h5"), rerun),
            (units.appendingPathComponent("m1__xsum__baseline__s0/u2.attempt-0.h5"), constant),
        ],
        ignored: [units.appendingPathComponent("m1__xsum__baseline__s0/u3.attempt-0.h5.tmp")])
}

@Test func reportFilesHaveExactlyTheExpectedLines() throws {
    let folder = try makeTemporaryFolder().appendingPathComponent("demo")
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    let settings = ReduceSettings(writePNG: false)
    let summary = try #require(try Reducer(resultsFolder: folder, loader: handMadeLoader(resultsFolder: folder), settings: settings).run().groups.first)
    let report = folder.appendingPathComponent("report")
    let expectedFiles = ["summary.md", "reduce.json", "correlation.csv", "correlation.tex", "binned_medians.csv", "prompts.csv",
                         "buggy_prompts_to_rerun.csv", "entropy_cosine_cot.svg", "entropy_cosine_baseline.svg"]
    #expect(summary.reportFiles.map(\.lastPathComponent) == expectedFiles)
    // No temporary files left behind, and no accuracy files: no reference has a `#### N` answer.
    #expect(try FileManager.default.contentsOfDirectory(atPath: report.path).sorted() == expectedFiles.sorted())

    // Statistics of entropy [0.5, 1.5, 2, 2.5] vs cosine [0.2, 0.4, 0.5, 0.3] from scipy 1.17 (%.10g).
    let csv = try String(contentsOf: report.appendingPathComponent("correlation.csv"), encoding: .utf8)
    let rows = csv.components(separatedBy: "\n")
    #expect(rows.count == 4 && rows[3].isEmpty)
    #expect(rows[0] == CorrelationCSV.columns.joined(separator: ","))
    func field(_ row: String, _ column: String) -> String? {
        CorrelationCSV.columns.firstIndex(of: column).map { row.components(separatedBy: ",")[$0] }
    }
    for (column, value) in [("prompts", "2"), ("tokens", "5"), ("used", "4"), ("excluded_nan_cosine", "1"),
                            ("pearson_r", "0.5291502622"), ("pearson_p", "0.4708497378"), ("spearman_rho", "0.4"),
                            ("spearman_p", "0.6"), ("kendall_tau_b", "0.3333333333"), ("kendall_p", "0.75"),
                            ("mean_entropy", "1.625"), ("mean_cosine", "0.35"), ("fit_status", "ok"), ("fit_points", "4")] {
        #expect(field(rows[1], column) == value, "\(column)")
    }
    #expect(rows[2].hasPrefix("m1,xsum,baseline,1,3,3,0,0,0,0,nan,nan,nan,nan,"))
    #expect(rows[2].contains(",\"too few points to fit a·H·e^(−bH) + c (n = 3, need at least 4)\",nan,"))

    let markdown = try String(contentsOf: report.appendingPathComponent("summary.md"), encoding: .utf8)
    let lines = markdown.components(separatedBy: "\n")
    #expect(Array(lines.prefix(14)) == [
        "# Nucleus reduce: demo",
        "",
        "- Results folder: `demo`",
        "- Job hash: `hash`",
        "- Analysis settings: {} (generation settings per row under Settings)",
        "- Report: **partial**: no job.json in the results folder: whether every planned unit was read cannot be checked",
        "- Unit files read: 3 (unusable, skipped: 0; incomplete, skipped: 0; other files under units/, ignored: 1)",
        "- Prompts: 3 (replaced by a newer attempt: 1; failed at run time, no tokens, not graded: 0)",
        "- Tokens: 8 generated, 7 used; excluded: 1 with NaN nucleus cosine (one-token nucleus), "
            + "0 with non-finite entropy or cosine, 0 by the original study's filter (off)",
        "- Bootstrap: 1000 replicates resampled by prompt, seed 0; 50 entropy bins",
        "",
        "## Entropy vs nucleus cosine",
        "",
        "| model | dataset | technique | prompts | tokens | used | excluded | Pearson r [95% CI] | p | Spearman ρ [95% CI] | p | Kendall τ-b [95% CI] | p | mean H (nats) | mean cosine | fit a, b, c | fit R² | peak 1/b | linear R² |",
    ])
    #expect(lines.contains("- m1 × xsum × baseline Kendall: y is constant (zero variance)"))
    #expect(lines.contains("![Nucleus cosine vs entropy](entropy_cosine_cot.svg)"))
    #expect(lines.contains("- ignored: `units/m1__xsum__baseline__s0/u3.attempt-0.h5.tmp`"))
    #expect(lines.contains { $0.hasPrefix("- Entropy H = −Σ p ln p") && $0.contains("nats") })
    #expect(!lines.contains("## GSM8K accuracy"))
}

/// Six GSM8K prompts: two correct (one strict, one flexible), one wrong, one buggy replaced by a
/// rerun that answers correctly, one still buggy, one whose reference has no answer.
@Test func gsm8kAccuracyBuggyListAndPromptsTable() throws {
    let folder = try makeTemporaryFolder().appendingPathComponent("study")
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    let units = folder.appendingPathComponent("units/cell")
    let reference = { (n: String) in "Some reasoning <<1+1=2>>.\n#### \(n)" }
    let first = makeRecord(unit: "u1", attempt: 1, prompts: [
        PromptColumns(row: 0, entropy: [1, 2], cosine: [0.5, 0.7], completion: "So 3 + 4 = 7.\n#### 7", reference: reference("7")),
        PromptColumns(row: 1, entropy: [3], cosine: [0.1], completion: "The answer is $1,234.", reference: reference("1,234")),
        PromptColumns(row: 2, entropy: [5, 7], cosine: [0.2, .nan], completion: "#### 12", reference: reference("13")),
        PromptColumns(row: 3, entropy: [4], cosine: [0.3], completion: "I do not know.", reference: reference("5")),
        PromptColumns(row: 4, entropy: [2], cosine: [0.9], completion: "No idea", reference: reference("8")),
        PromptColumns(row: 5, entropy: [1], cosine: [0.4], completion: "42", reference: "a story, no answer"),
    ])
    let rerun = makeRecord(unit: "u1", attempt: 2, prompts: [
        PromptColumns(row: 3, entropy: [6], cosine: [0.6], completion: "{\"answer\": 5}", reference: reference("5")),
    ])
    let loader = InMemoryLoader(files: [(units.appendingPathComponent("u1.attempt-1.h5"), first),
                                        (units.appendingPathComponent("u1.attempt-2.h5"), rerun)])
    let summary = try #require(try Reducer(resultsFolder: folder, loader: loader, settings: ReduceSettings(writePNG: false)).run().groups.first)
    let row = try #require(summary.accuracy.first)
    #expect(summary.accuracy.count == 1)
    let counts: [Int] = [row.prompts, row.replacedByRerun, row.buggy, row.answered, row.correct, row.strictCorrect, row.ungraded]
    #expect(counts == [5, 1, 1, 4, 3, 2, 1])
    // Wilson 95% for 3 of 5 and 3 of 4 (statsmodels proportion_confint(method="wilson")).
    #expect(abs(row.accuracyAll.proportion - 0.6) < 1e-15)
    #expect(abs(row.accuracyAll.lower - 0.2307242812760128) < 1e-12 && abs(row.accuracyAll.upper - 0.882379225767352) < 1e-12)
    #expect(abs(row.accuracyAnswered.lower - 0.30064184258240184) < 1e-12 && abs(row.accuracyAnswered.upper - 0.9544127391902995) < 1e-12)
    // Correct: rows 0, 1, 3 (rerun) → entropy 1, 2, 3, 6 and cosine 0.5, 0.7, 0.1, 0.6; wrong: row 2 → 5, 7 and 0.2.
    #expect(row.meanEntropyCorrect == 3 && abs(row.meanCosineCorrect - 0.475) < 1e-15)
    #expect(row.meanEntropyWrong == 6 && row.meanCosineWrong == 0.2)

    let report = folder.appendingPathComponent("report")
    let buggy = try String(contentsOf: report.appendingPathComponent("buggy_prompts_to_rerun.csv"), encoding: .utf8)
    // The sample column lets `--rerun` run one sample of a row again.
    #expect(buggy == "model,dataset,technique,row,sample\nm1,gsm8k,cot,4,0\n")
    let prompts = try String(contentsOf: report.appendingPathComponent("prompts.csv"), encoding: .utf8)
        .components(separatedBy: "\n")
    #expect(prompts[0] == PromptsCSV.columns.joined(separator: ","))
    #expect(prompts[1] == "m1,gsm8k,cot,0,u1,1,false,eos,2,7,7,7,false,true,0,")
    #expect(prompts[2] == "m1,gsm8k,cot,1,u1,1,false,eos,1,1234,,1234,false,true,0,")
    #expect(prompts[4] == "m1,gsm8k,cot,3,u1,2,true,eos,1,5,5,5,false,true,0,")
    #expect(prompts[5] == "m1,gsm8k,cot,4,u1,1,false,eos,1,,,8,true,false,0,")
    #expect(prompts[6] == "m1,gsm8k,cot,5,u1,1,false,eos,1,,,,,,0,")
    let markdown = try String(contentsOf: report.appendingPathComponent("summary.md"), encoding: .utf8)
    #expect(markdown.contains("| m1 | gsm8k | cot | 5 | 1 | 1 | 4 | 3 | 0.75 [0.3006, 0.9544] | 0.6 [0.2307, 0.8824] |"))
    #expect(markdown.contains("1 buggy prompts (no extractable answer) are listed in `buggy_prompts_to_rerun.csv`"))
    #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("accuracy.tex").path))
}

@Test func rerunningReplacesTheReportWithIdenticalBytes() throws {
    let folder = try makeTemporaryFolder().appendingPathComponent("demo")
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    let reducer = Reducer(resultsFolder: folder, loader: handMadeLoader(resultsFolder: folder))
    let csvURL = folder.appendingPathComponent("report/correlation.csv")
    _ = try reducer.run()
    let first = try Data(contentsOf: csvURL)
    _ = try reducer.run()
    #expect(try Data(contentsOf: csvURL) == first)
}

@Test func csvFieldsAreQuotedOnlyWhenNeeded() {
    #expect(CSVText.quoted("smollm2-135m") == "smollm2-135m")
    #expect(CSVText.quoted("a,b") == "\"a,b\"")
    #expect(CSVText.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
}

@Test func reportNumbersHaveOneSpelling() {
    #expect(ReportNumber.csv(0.1 + 0.2) == "0.3")
    #expect(ReportNumber.csv(1.0 / 3) == "0.3333333333")
    #expect(ReportNumber.csv(1.2345e-20) == "1.2345e-20")
    #expect(ReportNumber.csv(-0.0) == "0")
    #expect(ReportNumber.csv(.nan) == "nan")
    #expect(ReportNumber.csv(-.infinity) == "-inf")
    #expect(ReportNumber.markdown(0.52915026) == "0.5292")
}
