import Transformer

/// The KV rows of a `PrefixPlan`'s shared prefixes, kept in extra cache slots from when the first
/// request needs them until the last user has copied them.
final class SharedPrefixes {
    private let plan: PrefixPlan
    private let cache: KVCache
    /// The cache slot of each node while it is computed and still has users to come.
    private var slotOfNode: [Int?]
    private var usersLeft: [Int]
    /// Emptied node slots, reused before the cache grows.
    private var spareSlots: [Int] = []

    init(plan: PrefixPlan, cache: KVCache) {
        self.plan = plan
        self.cache = cache
        slotOfNode = Array(repeating: nil, count: plan.nodes.count)
        usersLeft = plan.nodes.map(\.users)
    }

    /// Computes the prefixes that `requests` copy and that are not there yet, with the ancestors
    /// they start from: one forward call per tree level, each node copying its parent's rows and
    /// feeding only its own tokens.
    func prepare(for requests: [Int], prompts: [[Int32]], model: any CausalLanguageModel) throws {
        var missing = Set<Int>()
        for request in requests {
            var node = plan.source[request]
            while let current = node, slotOfNode[current] == nil, missing.insert(current).inserted {
                node = plan.nodes[current].parent
            }
        }
        // Parents come before children in `plan.nodes`, so ascending order is a valid computation order.
        var pending = missing.sorted()
        while !pending.isEmpty {
            let level = pending.filter { node in plan.nodes[node].parent.map { slotOfNode[$0] != nil } ?? true }
            var chunks: [SequenceChunk] = []
            for node in level {
                let prefix = plan.nodes[node]
                let slot = spareSlots.popLast() ?? cache.addSlot()
                cache.reset(slot: slot, capacity: prefix.length)
                let start = try prefix.parent.map { try take($0, into: slot) } ?? 0
                chunks.append(SequenceChunk(slot: slot, tokens: Array(prompts[prefix.request][start..<prefix.length])))
                slotOfNode[node] = slot
            }
            _ = try model.forward(chunks, cache: cache)
            pending.removeAll { slotOfNode[$0] != nil }
        }
    }

    /// Gives `slot` (just reset) the rows of the prefix `request` starts from; returns how many
    /// prompt tokens that covers (0 when it shares nothing).
    func copy(for request: Int, into slot: Int) throws -> Int {
        try plan.source[request].map { try take($0, into: slot) } ?? 0
    }

    /// Copies node `node` into `slot` and frees the node after its last user.
    private func take(_ node: Int, into slot: Int) throws -> Int {
        guard let from = slotOfNode[node] else {
            throw GenerationError("generator", "shared prefix \(node) is used before it is computed or after it was freed")
        }
        let length = plan.nodes[node].length
        try cache.copyPrefix(from: from, to: slot, count: length)
        usersLeft[node] -= 1
        if usersLeft[node] == 0 {
            cache.release(slot: from)
            spareSlots.append(from)
            slotOfNode[node] = nil
        }
        return length
    }
}
