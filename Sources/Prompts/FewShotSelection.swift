import NucleusCore

/// Chooses few-shot exemplars from a pool, reproducibly.
///
/// The pool is shuffled by Fisher–Yates driven by `SplitMix64`, seeded with the first 8 bytes
/// of SHA-256("nucleus-fewshot-v1|<job seed>|<dataset name>"), and the first `count` rows are
/// taken: every row of a dataset sees the same exemplars, and a technique with fewer shots sees
/// a prefix of those of one with more. (Own shuffle, because `shuffle(using:)`'s algorithm is
/// not guaranteed stable across Swift versions.)
public enum FewShotSelection {
    public static func exemplars(from pool: [DatasetRow], count: Int, jobSeed: UInt64, dataset: String) -> [DatasetRow] {
        guard count > 0 else { return [] }
        let seed = SHA256.hash("nucleus-fewshot-v1|\(jobSeed)|\(dataset)").bytes.prefix(8)
            .reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
        var generator = SplitMix64(seed: seed)
        var order = Array(pool.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(UInt64(i + 1).multipliedFullWidth(by: generator.next()).high)
            order.swapAt(i, j)
        }
        return order.prefix(count).map { pool[$0] }
    }
}
