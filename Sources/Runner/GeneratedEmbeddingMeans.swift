import Generation
import Store
import Transformer

extension EmbeddingMeans {
    /// eᵢ of each generated sequence: the mean, accumulated in float64, of the model's
    /// input-embedding rows (as the forward pass looks them up: `EmbeddingTable.copyRow`, so
    /// 16-bit tables widen exactly and quantised ones decode as the loader dequantises) over the
    /// sequence's generated ids. Nil for a failed sequence, one with no tokens, or an id outside
    /// the table.
    init(sequences: [GeneratedSequence], table: EmbeddingTable) {
        let width = table.width
        let rows = withUnsafeTemporaryAllocation(of: Float.self, capacity: width) { buffer -> [[Double]?] in
            let row = buffer.baseAddress!
            return sequences.map { sequence -> [Double]? in
                guard sequence.error == nil, !sequence.ids.isEmpty,
                      sequence.ids.allSatisfy({ $0 >= 0 && Int($0) < table.rows }) else { return nil }
                var sum = [Double](repeating: 0, count: width)
                for id in sequence.ids {
                    table.copyRow(Int(id), into: row)
                    for column in 0..<width { sum[column] += Double(row[column]) }
                }
                let count = Double(sequence.ids.count)
                return sum.map { $0 / count }
            }
        }
        self.init(width: width, rows: rows)
    }
}
