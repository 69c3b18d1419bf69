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
    let summary = try Reducer(resultsFolder: folder, loader: handMadeLoader(resultsFolder: folder)).run()
    let report = folder.appendingPathComponent("report")
    #expect(summary.reportFiles == [report.appendingPathComponent("correlation.csv"), report.appendingPathComponent("summary.md")])

    // Statistics of entropy [0.5, 1.5, 2, 2.5] vs cosine [0.2, 0.4, 0.5, 0.3] from scipy 1.17 (%.10g).
    let csv = try String(contentsOf: report.appendingPathComponent("correlation.csv"), encoding: .utf8)
    #expect(csv.components(separatedBy: "\n") == [
        "model,dataset,technique,tokens,used,excluded_nan_cosine,excluded_non_finite,pearson_r,pearson_p,"
            + "spearman_rho,spearman_p,kendall_tau_b,kendall_p,mean_entropy,mean_cosine",
        "m1,gsm8k,cot,5,4,1,0,0.5291502622,0.4708497378,0.4,0.6,0.3333333333,0.75,1.625,0.35",
        "m1,xsum,baseline,3,3,0,0,nan,nan,nan,nan,nan,nan,2,0.5",
        "",
    ])

    let markdown = try String(contentsOf: report.appendingPathComponent("summary.md"), encoding: .utf8)
    let lines = markdown.components(separatedBy: "\n")
    #expect(Array(lines.prefix(19)) == [
        "# Nucleus reduce: demo",
        "",
        "- Results folder: `demo`",
        "- Unit files read: 3 (unusable, skipped: 0; incomplete, skipped: 0; other files under units/, ignored: 1)",
        "- Prompts: 3 (replaced by a newer attempt: 1)",
        "- Tokens: 8 generated, 7 used; excluded: 1 with NaN nucleus cosine (one-token nucleus), 0 with non-finite entropy or cosine",
        "",
        "## Entropy vs nucleus cosine",
        "",
        "| model | dataset | technique | tokens | used | excluded | Pearson r | p | Spearman ρ | p | Kendall τ-b | p | mean H (nats) | mean cosine |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| m1 | gsm8k | cot | 5 | 4 | 1 | 0.5292 | 0.4708 | 0.4 | 0.6 | 0.3333 | 0.75 | 1.625 | 0.35 |",
        "| m1 | xsum | baseline | 3 | 3 | 0 | nan | nan | nan | nan | nan | nan | 2 | 0.5 |",
        "",
        "Undefined correlations (shown as nan):",
        "",
        "- m1 × xsum × baseline Pearson: y is constant (zero variance)",
        "- m1 × xsum × baseline Spearman: y is constant (zero variance)",
        "- m1 × xsum × baseline Kendall: y is constant (zero variance)",
    ])
    #expect(lines.contains("- ignored: `units/m1__xsum__baseline__s0/u3.attempt-0.h5.tmp`"))
    #expect(lines.contains { $0.hasPrefix("- Entropy H = −Σ p ln p") && $0.contains("nats") })
    // Only the two report files remain: no temporary files left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: report.path).sorted() == ["correlation.csv", "summary.md"])
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
    #expect(CorrelationCSV.quoted("smollm2-135m") == "smollm2-135m")
    #expect(CorrelationCSV.quoted("a,b") == "\"a,b\"")
    #expect(CorrelationCSV.quoted("say \"hi\"") == "\"say \"\"hi\"\"\"")
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
