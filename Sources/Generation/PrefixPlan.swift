/// Which prompt prefixes a list of requests shares, and the order in which the requests enter the
/// batch so that each shared prefix is computed once and kept only while it is needed.
///
/// The shared prefixes form a tree, a compressed trie of the prompts: a node is a prefix that two or
/// more requests begin with, computed by copying its parent's KV rows and feeding the tokens in
/// between. A request copies the rows of its deepest node and feeds the rest of its prompt, always
/// at least its last token, whose logits give its first new token (so the shared part of a prompt
/// is all but its last token). A node is kept only where it adds at least `minimumShared` tokens
/// to its parent: shorter ones cost a forward call to save a few rows.
///
/// Requests that share nothing keep their place in the order requests enter the batch. Those under
/// a top-level prefix enter together at the place of the first of them, depth-first through its
/// tree (siblings in the order of their first request). A node is freed once its last user
/// (request or child node) has copied it, so the nodes alive at any time are those on one path of
/// one tree, however many requests there are. The plan depends only on the prompts.
struct PrefixPlan {
    struct Node {
        /// Prefix length in tokens.
        let length: Int
        /// The node whose rows this one starts from, or nil (computed from position 0).
        let parent: Int?
        /// A request whose prompt begins with the prefix (where its tokens are read).
        let request: Int
        /// Requests and child nodes that copy this node's rows.
        var users = 0
    }

    /// Parents before children.
    private(set) var nodes: [Node] = []
    /// Per request: the node it copies, or nil.
    private(set) var source: [Int?]
    /// Every request once, in the order they enter the batch.
    private(set) var order: [Int] = []

    /// - Parameters:
    ///   - shareable: whether request i may share (requests that will fail at once do not).
    ///   - minimumShared: fewest tokens a node adds to its parent; nil shares nothing and keeps the order.
    init(prompts: [[Int32]], shareable: (Int) -> Bool, minimumShared: Int?) {
        source = Array(repeating: nil, count: prompts.count)
        guard let minimumShared else {
            order = Array(prompts.indices)
            return
        }
        var depthFirst: [Int] = []
        let candidates = prompts.indices.filter { shareable($0) && !prompts[$0].isEmpty }
        if !candidates.isEmpty {
            place(candidates, depth: 0, under: nil, prompts: prompts, minimum: max(1, minimumShared), order: &depthFirst)
        }
        // Each tree's requests enter at the place of its first request.
        var treeRequests: [Int: [Int]] = [:]
        for request in depthFirst {
            if let tree = tree(of: request) { treeRequests[tree, default: []].append(request) }
        }
        for request in prompts.indices {
            guard let tree = tree(of: request) else {
                order.append(request)
                continue
            }
            order += treeRequests.removeValue(forKey: tree) ?? []
        }
    }

    /// The top-level node above the node `request` copies, or nil when it copies none.
    private func tree(of request: Int) -> Int? {
        var node = source[request]
        while let current = node, let parent = nodes[current].parent { node = parent }
        return node
    }

    /// Places `members` (in request order, all sharing their first `depth` tokens; nodes of that
    /// path end with `node`) and everything below them; appends them to `order` depth-first.
    private mutating func place(_ members: [Int], depth: Int, under node: Int?, prompts: [[Int32]], minimum: Int,
                                order: inout [Int]) {
        if members.count == 1 {
            use(node, by: members[0])
            order.append(members[0])
            return
        }
        let length = commonPrefix(members, from: depth, prompts: prompts)
        var parent = node
        if length - (node.map { nodes[$0].length } ?? 0) >= minimum {
            nodes.append(Node(length: length, parent: node, request: members[0]))
            if let node { nodes[node].users += 1 }
            parent = nodes.count - 1
        }
        // Below the common prefix: requests that end there use it; the others split by their next token.
        var items: [[Int]] = []
        var itemOfToken: [Int32: Int] = [:]
        for member in members {
            guard length < prompts[member].count - 1 else {
                items.append([member])
                continue
            }
            let token = prompts[member][length]
            if let item = itemOfToken[token] {
                items[item].append(member)
            } else {
                itemOfToken[token] = items.count
                items.append([member])
            }
        }
        for item in items {
            place(item, depth: length, under: parent, prompts: prompts, minimum: minimum, order: &order)
        }
    }

    /// Request `request` copies `node` (or nothing).
    private mutating func use(_ node: Int?, by request: Int) {
        source[request] = node
        if let node { nodes[node].users += 1 }
    }

    /// Length of the prefix shared by the shareable parts (all but the last token) of `members`'
    /// prompts, which agree on their first `depth` tokens.
    private func commonPrefix(_ members: [Int], from depth: Int, prompts: [[Int32]]) -> Int {
        let first = prompts[members[0]]
        var length = members.map { prompts[$0].count - 1 }.min() ?? depth
        for member in members.dropFirst() {
            let prompt = prompts[member]
            var shared = depth
            while shared < length, prompt[shared] == first[shared] { shared += 1 }
            length = shared
        }
        return length
    }
}
