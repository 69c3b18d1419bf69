/// Finds the `n` best entries of a logits row in canonical order: value descending, ties by lower
/// token id; NaN entries are never selected. A bounded min-heap keeps the scan O(V): after the first
/// `n` entries only those beating the heap's worst are inserted (about n·ln(V/n) of them for an
/// unordered row), then the heap is sorted in O(n log n). Large `n` (over a quarter of V) sorts instead.
/// Holds its buffers so repeated calls do not allocate.
public struct CanonicalTopSelector: Sendable {
    /// The selected token ids, best first; valid up to the count the last `select` returned.
    public private(set) var ids: [Int32] = []
    private var heapValues: [Float] = []
    private var heapIds: [Int32] = []

    public init() {}

    /// Selects the best `min(n, number of non-NaN entries)` entries of `row`; returns that count.
    public mutating func select(from row: UnsafeBufferPointer<Float>, count n: Int) -> Int {
        let wanted = max(0, min(n, row.count))
        if ids.count < wanted { ids = [Int32](repeating: 0, count: wanted) }
        if wanted == 0 { return 0 }
        if wanted * 4 > row.count { return sortAll(row, wanted) }
        if heapValues.count < wanted {
            heapValues = [Float](repeating: 0, count: wanted)
            heapIds = [Int32](repeating: 0, count: wanted)
        }
        return heapValues.withUnsafeMutableBufferPointer { values in
            heapIds.withUnsafeMutableBufferPointer { heapIds in
                ids.withUnsafeMutableBufferPointer { out in
                    Self.heapSelect(row, wanted, values.baseAddress!, heapIds.baseAddress!, out.baseAddress!)
                }
            }
        }
    }

    private static func heapSelect(_ row: UnsafeBufferPointer<Float>, _ n: Int, _ values: UnsafeMutablePointer<Float>,
                                   _ heapIds: UnsafeMutablePointer<Int32>, _ out: UnsafeMutablePointer<Int32>) -> Int {
        // Root = worst kept entry: smallest value, and among equal values the highest id.
        func worse(_ a: Int, _ b: Int) -> Bool {
            values[a] < values[b] || (values[a] == values[b] && heapIds[a] > heapIds[b])
        }
        func siftDown(_ start: Int, _ size: Int) {
            var parent = start
            while true {
                let left = 2 * parent + 1
                if left >= size { return }
                var child = left
                if left + 1 < size && worse(left + 1, left) { child = left + 1 }
                if !worse(child, parent) { return }
                values.swapAt(child, parent)
                heapIds.swapAt(child, parent)
                parent = child
            }
        }
        var size = 0
        var index = 0
        while size < n && index < row.count {
            let value = row[index]
            if !value.isNaN {
                values[size] = value
                heapIds[size] = Int32(truncatingIfNeeded: index)
                size += 1
            }
            index += 1
        }
        if size == n {
            for parent in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(parent, n) }
            // Later ids only win on a strictly larger value: on a tie the earlier (lower) id ranks first.
            var threshold = values[0]
            while index < row.count {
                let value = row[index]
                if value > threshold {
                    values[0] = value
                    heapIds[0] = Int32(truncatingIfNeeded: index)
                    siftDown(0, n)
                    threshold = values[0]
                }
                index += 1
            }
        }
        var remaining = size
        while remaining > 0 {
            out[remaining - 1] = heapIds[0]
            remaining -= 1
            values[0] = values[remaining]
            heapIds[0] = heapIds[remaining]
            siftDown(0, remaining)
        }
        return size
    }

    private mutating func sortAll(_ row: UnsafeBufferPointer<Float>, _ n: Int) -> Int {
        var order = (0..<row.count).compactMap { row[$0].isNaN ? nil : Int32(truncatingIfNeeded: $0) }
        order.sort { row[Int($0)] > row[Int($1)] || (row[Int($0)] == row[Int($1)] && $0 < $1) }
        let count = min(n, order.count)
        ids.replaceSubrange(0..<count, with: order[0..<count])
        return count
    }
}

extension UnsafeMutablePointer {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let held = self[i]
        self[i] = self[j]
        self[j] = held
    }
}
