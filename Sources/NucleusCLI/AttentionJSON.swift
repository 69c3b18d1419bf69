import NucleusCore

extension JSON {
    /// `attention_entropy` and `attention_varentropy` as L × H nested arrays, when the step has them.
    static func attentionFields(_ statistic: TokenStatistic) -> [(String, JSON)] {
        let heads = statistic.attentionHeads
        guard heads > 0, !statistic.attentionEntropy.isEmpty else { return [] }
        func nested(_ values: [Float]) -> JSON {
            .array(stride(from: 0, to: values.count, by: heads).map { start in
                .array(values[start..<min(values.count, start + heads)].map { .double(Double($0)) })
            })
        }
        return [("attention_entropy", nested(statistic.attentionEntropy)),
                ("attention_varentropy", nested(statistic.attentionVarentropy))]
    }
}
