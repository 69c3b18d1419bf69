/// Hugging Face's `no_repeat_ngram_size` (`NoRepeatNGramLogitsProcessor`): with n-grams taken over
/// the whole history (prompt + generated ids), a token is banned when the last n − 1 ids followed
/// by it would repeat an n-gram that already occurred.
enum NoRepeatNgram {
    /// Ids that would complete a repeated n-gram of `size`, in order of first occurrence (possibly
    /// repeated). Empty when `size` is 0 or the history is shorter than n ids.
    static func bannedTokens(history: [Int32], size: Int) -> [Int32] {
        let count = history.count
        // Bans come from n-grams already in the history, so there are none until it holds one.
        guard size > 0, count >= size else { return [] }
        if size == 1 { return history }
        let prefixStart = count - (size - 1)
        var banned: [Int32] = []
        return history.withUnsafeBufferPointer { ids in
            // Every n-gram that starts at `start` and ends before the history does.
            for start in 0...(count - size) where ids[start] == ids[prefixStart] {
                var matches = true
                for offset in 1..<(size - 1) where ids[start + offset] != ids[prefixStart + offset] {
                    matches = false
                    break
                }
                if matches { banned.append(ids[start + size - 1]) }
            }
            return banned
        }
    }
}
