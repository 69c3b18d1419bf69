/// The "Attention by group" section of `summary.md`: per model, grouping and group how many
/// prompt-samples it holds and their mean attention entropy; per pair of groups how many layers
/// differ at p < 0.05 (Mann–Whitney, uncorrected for the number of layers).
enum AttentionMarkdown {
    static func section(_ study: AttentionGroupsStudy) -> [String] {
        var lines = [
            "", "## Attention by group", "",
            "| model | grouping | group | prompt-samples | mean attention entropy (nats) |",
            "|---|---|---|---:|---:|",
        ]
        for map in study.maps {
            let finite = map.means.filter(\.isFinite)
            let mean = finite.isEmpty ? Double.nan : finite.compensatedSum() / Double(finite.count)
            lines.append("| \(cell(map.key.model)) | \(map.key.grouping) | \(cell(map.key.group)) | \(map.prompts) | "
                         + "\(ReportNumber.markdown(mean)) |")
        }
        func pair(_ test: AttentionLayerTest) -> String { "\(test.model)\u{0}\(test.grouping)\u{0}\(test.groupA)\u{0}\(test.groupB)" }
        let pairs = Dictionary(grouping: study.layerTests, by: pair)
        if !pairs.isEmpty {
            lines += ["", "| model | grouping | a | b | layers | layers with p < 0.05 | smallest p |", "|---|---|---|---|---:|---:|---:|"]
            // In the study's order (model, then label, gsm8k, simpleqa groupings), as the table above.
            for name in firstAppearances(study.layerTests.map(pair)) {
                guard let tests = pairs[name] else { continue }
                let first = tests[0]
                lines.append("| \(cell(first.model)) | \(first.grouping) | \(cell(first.groupA)) | \(cell(first.groupB)) | "
                             + "\(tests.count) | \(tests.count { $0.p < 0.05 }) | "
                             + "\(ReportNumber.markdown(tests.map(\.p).min() ?? .nan)) |")
            }
        }
        lines += [
            "",
            "Per generation step in `attention_by_step.csv`, per layer in `attention_layer_tests.csv` (.tex), a layer × head "
                + "map per group in `attention_layer_head_<model>_<grouping>_<group>.svg`; definitions in README \"Attention by group\".",
        ]
        return lines
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
