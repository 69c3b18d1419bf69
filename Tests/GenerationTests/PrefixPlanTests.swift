import Testing
@testable import Generation

/// The prefix tree of `PrefixPlan` on hand-made prompts, checked against a naive twin: each request
/// copies the longest prefix it shares with another request (all but its last token), a prefix is
/// computed once, and the order and memory follow the rules in the type's comment.
struct PrefixPlanTests {
    /// `count` tokens counting up from `start` (distinct runs for distinct starts).
    func run(_ start: Int32, _ count: Int) -> [Int32] { (0..<Int32(count)).map { start + $0 } }

    /// Longest prefix of `a` and `b` within both's shareable part (all but the last token).
    func naiveShared(_ a: [Int32], _ b: [Int32]) -> Int {
        var n = 0
        while n < a.count - 1, n < b.count - 1, a[n] == b[n] { n += 1 }
        return n
    }

    @Test func fewShotBlockSamplesAndStrangers() {
        let block = run(1000, 40)
        let prompts: [[Int32]] = [
            block + run(1, 10),      // 0: question A
            run(5000, 30),           // 1: shares nothing
            block + run(100, 12),    // 2: question B
            block + run(1, 10),      // 3: question A again (a second sample)
            [7],                     // 4: one token: nothing to share
            block + run(1, 10),      // 5: question A a third time
        ]
        let plan = PrefixPlan(prompts: prompts, shareable: { _ in true }, minimumShared: 16)
        // The block (40) and question A minus its last token (49, adding 9 < 16 tokens) are the
        // candidates: only the block is kept, and every request under it copies it.
        #expect(plan.nodes.map(\.length) == [40])
        #expect(plan.source == [0, nil, 0, 0, nil, 0])
        #expect(plan.nodes[0].users == 4)
        // Those sharing the block enter together, in request order, at the place of the first.
        #expect(plan.order == [0, 3, 5, 2, 1, 4])

        // With a smaller minimum question A gets its own node below the block.
        let fine = PrefixPlan(prompts: prompts, shareable: { _ in true }, minimumShared: 4)
        #expect(fine.nodes.map(\.length) == [40, 49])
        #expect(fine.nodes.map(\.parent) == [nil, 0])
        #expect(fine.source == [1, nil, 0, 1, nil, 1])
        #expect(fine.nodes.map(\.users) == [2, 3])
        for (index, prompt) in prompts.enumerated() {
            let best = prompts.indices.filter { $0 != index }.map { naiveShared(prompt, prompts[$0]) }.max() ?? 0
            #expect((fine.source[index].map { fine.nodes[$0].length } ?? 0) == (best >= 4 ? best : 0), "request \(index)")
        }
    }

    @Test func nestedPrefixesChainAndIdenticalPromptsShareAllButTheLastToken() {
        let system = run(1, 20), shots = run(100, 30)
        let prompts: [[Int32]] = [
            system + run(500, 20),           // 0
            system + shots + run(600, 20),   // 1
            system + shots + run(700, 20),   // 2
            system + run(500, 20),           // 3: same as 0
        ]
        let plan = PrefixPlan(prompts: prompts, shareable: { _ in true }, minimumShared: 16)
        // system (20), then below it 0 and 3 (39 = all but the last token) and the shots block (50).
        #expect(plan.nodes.map(\.length) == [20, 39, 50])
        #expect(plan.nodes.map(\.parent) == [nil, 0, 0])
        #expect(plan.source == [1, 2, 2, 1])
        #expect(plan.order == [0, 3, 1, 2])
        #expect(plan.nodes.map(\.users) == [2, 2, 2])
    }

    @Test func unshareableRequestsAndNoSharingKeepTheirPlaces() {
        let block = run(1, 30)
        let prompts = [block + [1], block + [2], block + [3]]
        let skip = PrefixPlan(prompts: prompts, shareable: { $0 != 1 }, minimumShared: 16)
        #expect(skip.source == [0, nil, 0])
        #expect(skip.order == [0, 2, 1])
        let off = PrefixPlan(prompts: prompts, shareable: { _ in true }, minimumShared: nil)
        #expect(off.nodes.isEmpty && off.source == [nil, nil, nil] && off.order == [0, 1, 2])

        // Prompts that begin alike but share less than the minimum are not regrouped.
        let short = [run(1, 10) + [1], run(500, 40), run(1, 10) + [2], run(1, 10) + [3]]
        let none = PrefixPlan(prompts: short, shareable: { _ in true }, minimumShared: 16)
        #expect(none.nodes.isEmpty && none.order == [0, 1, 2, 3])
    }
    /// Nodes alive at once when requests enter in `plan.order`: a node lives from when the first
    /// request below it enters until its last user (request or child node) has copied it.
    func mostAlive(_ plan: PrefixPlan) -> Int {
        var usersLeft = plan.nodes.map(\.users)
        var alive = Set<Int>(), most = 0
        for request in plan.order {
            var chain: [Int] = []
            var node = plan.source[request]
            while let current = node, !alive.contains(current) {
                chain.append(current)
                node = plan.nodes[current].parent
            }
            for current in chain.reversed() {
                alive.insert(current)
                most = max(most, alive.count)
                if let parent = plan.nodes[current].parent {
                    usersLeft[parent] -= 1
                    if usersLeft[parent] == 0 { alive.remove(parent) }
                }
            }
            if let node = plan.source[request] {
                usersLeft[node] -= 1
                if usersLeft[node] == 0 { alive.remove(node) }
            }
        }
        #expect(usersLeft.allSatisfy { $0 == 0 } && alive.isEmpty)
        return most
    }

    /// 4 samples of each of 50 few-shot prompts, interleaved as a runner listing samples in turn
    /// would: the samples of one question enter together, so two prefixes are alive at any time
    /// (the block and one question), not one per question.
    @Test func interleavedSamplesKeepOnePathAlive() {
        let block = run(1, 30)
        let prompts = (0..<4).flatMap { _ in (0..<50).map { block + run(1000 + 100 * Int32($0), 20) } }
        let plan = PrefixPlan(prompts: prompts, shareable: { _ in true }, minimumShared: 16)
        #expect(plan.nodes.count == 51)
        #expect(plan.order == (0..<50).flatMap { question in (0..<4).map { 50 * $0 + question } })
        #expect(mostAlive(plan) == 2)
        #expect(plan.source.allSatisfy { $0.map { plan.nodes[$0].length } == 49 })
    }
}
