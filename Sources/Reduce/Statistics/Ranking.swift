extension Statistics {
    /// 1-based ranks, tied values sharing the average of their positions (scipy's `rankdata`
    /// with method='average'). Values must not be NaN.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            // Positions start+1 ... end share their mean.
            let shared = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = shared }
            start = end
        }
        return ranks
    }
}
