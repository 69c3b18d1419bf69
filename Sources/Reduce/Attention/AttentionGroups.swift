import NucleusCore
import Prompts

/// Groups the prompt-samples that carry attention statistics — by dataset label, by GSM8K answer
/// (numeric-answer datasets: correct / wrong, as accuracy.csv grades them; buggy ones, with no
/// answer, are left out) and by SimpleQA grade (external grades included) — and computes the study
/// per model and grouping.
/// Prompt-samples are pooled over the model's datasets, techniques and settings.
enum AttentionGroups {
    static let gsm8kGroups = ["correct", "wrong"]
    static let simpleQAGroups = SimpleQAGrade.allCases.map(\.rawValue)

    static func compute(prompts: [PromptTokens], graded: [GradedPrompt]) -> AttentionGroupsStudy {
        struct PromptID: Hashable { var unitID: String; var row: Int }
        let grades = Dictionary(graded.map { (PromptID(unitID: $0.unitID, row: $0.row), $0) }, uniquingKeysWith: { first, _ in first })
        var members: [AttentionGroupKey: [PromptTokens]] = [:]
        for prompt in prompts where !prompt.prompt.failed && prompt.attention != nil {
            let model = prompt.key.model
            if !prompt.prompt.label.isEmpty {
                members[AttentionGroupKey(model: model, grouping: "label", group: prompt.prompt.label), default: []].append(prompt)
            }
            guard let grade = grades[PromptID(unitID: prompt.unitID, row: prompt.row)] else { continue }
            if grade.grade != nil, !grade.isBuggy {
                let group = grade.isCorrect ? gsm8kGroups[0] : gsm8kGroups[1]
                members[AttentionGroupKey(model: model, grouping: "gsm8k", group: group), default: []].append(prompt)
            }
            if let textGrade = grade.textGrade {
                members[AttentionGroupKey(model: model, grouping: "simpleqa", group: textGrade.rawValue), default: []].append(prompt)
            }
        }
        var study = AttentionGroupsStudy()
        let models = Set(members.keys.map(\.model)).sorted()
        for model in models {
            for grouping in ["label", "gsm8k", "simpleqa"] {
                let keys = members.keys.filter { $0.model == model && $0.grouping == grouping }
                    .sorted { order($0.group, in: grouping) < order($1.group, in: grouping) }
                guard !keys.isEmpty else { continue }
                let groups = keys.map { key in (key, sorted(consistentShape(members[key] ?? []))) }
                for (key, group) in groups {
                    study.steps += steps(key, group)
                    if let map = layerHeadMap(key, group) { study.maps.append(map) }
                }
                study.layerTests += layerTests(model: model, grouping: grouping, groups: groups)
            }
        }
        return study
    }

    /// Label groups in name order; the grades in their natural order.
    private static func order(_ group: String, in grouping: String) -> (Int, String) {
        switch grouping {
        case "gsm8k": (gsm8kGroups.firstIndex(of: group) ?? .max, group)
        case "simpleqa": (simpleQAGroups.firstIndex(of: group) ?? .max, group)
        default: (0, group)
        }
    }

    private static func sorted(_ prompts: [PromptTokens]) -> [PromptTokens] {
        prompts.sorted {
            ($0.key, $0.row, $0.sample, $0.unitID) < ($1.key, $1.row, $1.sample, $1.unitID)
        }
    }

    /// One model has one layer × head shape; a prompt-sample with another (never expected) is left out.
    private static func consistentShape(_ prompts: [PromptTokens]) -> [PromptTokens] {
        guard let first = prompts.first?.attention else { return prompts }
        return prompts.filter { $0.attention?.layers == first.layers && $0.attention?.heads == first.heads }
    }

    private static func steps(_ key: AttentionGroupKey, _ prompts: [PromptTokens]) -> [AttentionStepRow] {
        let longest = prompts.map(\.entropy.count).max() ?? 0
        return (0..<longest).map { step in
            let present = prompts.filter { $0.entropy.count > step }
            func values(_ value: (PromptTokens) -> Double?) -> [Double] {
                present.compactMap(value).filter(\.isFinite)
            }
            return AttentionStepRow(
                key: key, step: step, prompts: present.count,
                attentionEntropy: MeanBand(values { $0.attention?.entropyByStep[step] }),
                attentionVarentropy: MeanBand(values { $0.attention?.varentropyByStep[step] }),
                entropy: MeanBand(values { $0.entropy[step] }),
                varentropy: MeanBand(values { $0.varentropy.count > step ? $0.varentropy[step] : nil }))
        }
    }

    private static func layerHeadMap(_ key: AttentionGroupKey, _ prompts: [PromptTokens]) -> AttentionLayerHeadMap? {
        guard let shape = prompts.first?.attention else { return nil }
        let width = shape.layers * shape.heads
        let means = (0..<width).map { cell in
            let values = prompts.compactMap { $0.attention?.entropyByLayerHead[cell] }.filter(\.isFinite)
            return values.isEmpty ? Double.nan : values.compensatedSum() / Double(values.count)
        }
        return AttentionLayerHeadMap(key: key, prompts: prompts.count, layers: shape.layers, heads: shape.heads, means: means)
    }

    private static func layerTests(
        model: String, grouping: String, groups: [(AttentionGroupKey, [PromptTokens])]
    ) -> [AttentionLayerTest] {
        guard let layers = groups.first?.1.first?.attention?.layers else { return [] }
        var tests: [AttentionLayerTest] = []
        for layer in 0..<layers {
            let values = groups.map { key, prompts in
                (key.group, prompts.compactMap { $0.attention?.layerMean(layer) }.filter(\.isFinite))
            }
            for i in values.indices {
                for j in values.indices where j > i {
                    let (nameA, a) = values[i], (nameB, b) = values[j]
                    guard let test = Statistics.mannWhitney(a, b) else { continue }
                    let meanA = a.compensatedSum() / Double(a.count), meanB = b.compensatedSum() / Double(b.count)
                    tests.append(AttentionLayerTest(
                        model: model, grouping: grouping, layer: layer, groupA: nameA, groupB: nameB,
                        countA: a.count, countB: b.count, meanA: meanA, meanB: meanB, difference: meanA - meanB,
                        u: test.u, p: test.p))
                }
            }
        }
        return tests
    }
}
