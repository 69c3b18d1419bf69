/// Self-consistency (DESIGN §10): the majority of the answers extracted from a prompt's samples,
/// ties going to the answer of the smallest sample index. Samples with no extracted answer do not
/// vote; nil when none has one. Grading the majority answer is §6's, as for a single sample.
public enum MajorityAnswer {
    public static func of(_ answers: [String?]) -> String? {
        var votes: [String: Int] = [:]
        for case let answer? in answers { votes[answer, default: 0] += 1 }
        guard let highest = votes.values.max() else { return nil }
        return answers.lazy.compactMap { $0 }.first { votes[$0] == highest }
    }
}
