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
        let pairs = Dictionary(grouping: study.layerTests) { "\($0.model)\u{0}\($0.grouping)\u{0}\($0.groupA)\u{0}\($0.groupB)" }
        if !pairs.isEmpty {
            lines += ["", "| model | grouping | a | b | layers | layers with p < 0.05 | smallest p |", "|---|---|---|---|---:|---:|---:|"]
            for tests in pairs.values.sorted(by: { ($0[0].model, $0[0].grouping, $0[0].groupA, $0[0].groupB)
                                                   < ($1[0].model, $1[0].grouping, $1[0].groupA, $1[0].groupB) }) {
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
