/// What merging two neighbouring symbols gives: the merged token and its priority.
struct BPEMerge: Sendable, Equatable {
    /// Lower applies first: the merge's position in the merges list, or (SentencePiece scores) the
    /// rank of the merged token's score, best first, equal scores sharing a rank.
    var rank: Int32
    var result: Int32
}

/// The merge loop shared by the BPE models. It matches HF tokenizers' `Word::merge_all` and
/// llama.cpp's `llm_tokenizer_bpe` / `llm_tokenizer_spm`: a min-heap holds every applicable
/// neighbour pair keyed by (rank, left position); the lowest rank applies first and among equal
/// ranks the leftmost, so "aaa" with the merge "a a" becomes "aa" + "a". Heap entries made stale by
/// an earlier merge are recognised (the pair at that position no longer gives that merge) and
/// skipped. Cost is O(n log n) in the number of symbols.
enum MergeLoop {
    /// Merges `symbols` (token ids) as far as `merge` allows and appends the result to `ids`.
    static func apply(_ symbols: [Int32], into ids: inout [Int32], merge: (Int32, Int32) -> BPEMerge?) {
        var symbols = symbols
        let count = symbols.count
        if count <= 1 {
            ids += symbols
            return
        }
        // Doubly linked list over `symbols`; a merged-away symbol gets id -1.
        var previous = Array(-1..<(count - 1))
        var next = Array(1...count)
        var heap = MinHeap<(merge: BPEMerge, position: Int)>(reservingCapacity: count) {
            $0.merge.rank != $1.merge.rank ? $0.merge.rank < $1.merge.rank : $0.position < $1.position
        }
        for position in 0..<(count - 1) {
            if let found = merge(symbols[position], symbols[position + 1]) { heap.push((found, position)) }
        }
        while let candidate = heap.pop() {
            let left = candidate.position
            let right = next[left]
            guard symbols[left] >= 0, right < count, merge(symbols[left], symbols[right]) == candidate.merge else { continue }
            symbols[left] = candidate.merge.result
            symbols[right] = -1
            next[left] = next[right]
            if next[left] < count { previous[next[left]] = left }
            let before = previous[left]
            if before >= 0, let found = merge(symbols[before], symbols[left]) { heap.push((found, before)) }
            if next[left] < count, let found = merge(symbols[left], symbols[next[left]]) { heap.push((found, left)) }
        }
        var position = 0
        while position < count {
            ids.append(symbols[position])
            position = next[position]
        }
    }
}
