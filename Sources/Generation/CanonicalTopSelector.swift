import Kernels

/// Finds the `n` best entries of a logits row in canonical order: value descending, ties by lower
/// token id; NaN entries are never selected. Small `n` (≤ 256): a bounded min-heap over one O(V) scan;
/// only entries beating the heap's worst are inserted (about n·ln(V/n) for an unordered row), then the
/// heap is sorted. Larger `n`: entries become 64-bit keys ordered like the canonical order, a
/// quickselect moves the n smallest keys first, and only those are sorted (O(n log n)). While n is at
/// most V/4, only the entries at or above a threshold estimated from every eighth entry get keys
/// (about 1.5·n, found by the vectorised scan); otherwise, or if fewer than n reach it, all V do.
/// Holds its buffers so repeated calls do not allocate.
public struct CanonicalTopSelector: Sendable {
    /// The selected token ids, best first; valid up to the count the last `select` returned.
    public private(set) var ids: [Int32] = []
    private var heapValues: [Float] = []
    private var heapIds: [Int32] = []
    private var keys: [UInt64] = []
    private var sampleKeys: [UInt64] = []
    /// Up to this many, the heap is faster than building keys for the whole row (measured at V = 49152).
    public static let heapLimit = 256

    public init() {}

    /// Selects the best `min(n, number of non-NaN entries)` entries of `row`; returns that count.
    public mutating func select(from row: UnsafeBufferPointer<Float>, count n: Int) -> Int {
        let wanted = max(0, min(n, row.count))
        if ids.count < wanted { ids = [Int32](repeating: 0, count: wanted) }
        if wanted == 0 { return 0 }
        if wanted > Self.heapLimit { return quickselect(row, wanted) }
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
            // Later ids only win on a strictly larger value, so the scan looks for entries strictly
            // above the worst kept one (on a tie the lower id ranks first); most of the row is
            // passed over in the vectorised scan.
            index = RowScan.nextAbove(row, from: index, threshold: values[0])
            while index < row.count {
                values[0] = row[index]
                heapIds[0] = Int32(truncatingIfNeeded: index)
                siftDown(0, n)
                index = RowScan.nextAbove(row, from: index + 1, threshold: values[0])
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

    /// Key whose ascending order is the canonical order: bitwise-complemented order-preserving bits of
    /// the value in the high half (larger value → smaller key), the id in the low half.
    @inline(__always)
    static func canonicalKey(_ value: Float, _ id: Int) -> UInt64 {
        let bits = value.bitPattern
        let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(~ordered) << 32 | UInt64(UInt32(truncatingIfNeeded: id))
    }

    private mutating func quickselect(_ row: UnsafeBufferPointer<Float>, _ n: Int) -> Int {
        keys.removeAll(keepingCapacity: true)
        if let threshold = sampledThreshold(row, n) {
            // Only the entries ≥ threshold (> its predecessor) get keys; when at least n do, they hold
            // the n best.
            let below = threshold.nextDown
            var index = RowScan.nextAbove(row, from: 0, threshold: below)
            while index < row.count {
                keys.append(Self.canonicalKey(row[index], index))
                index = RowScan.nextAbove(row, from: index + 1, threshold: below)
            }
            if keys.count < n { keys.removeAll(keepingCapacity: true) }
        }
        if keys.isEmpty {
            for index in row.indices where !row[index].isNaN { keys.append(Self.canonicalKey(row[index], index)) }
        }
        let count = min(n, keys.count)
        keys.withUnsafeMutableBufferPointer { keys in
            Self.moveSmallestFirst(keys, count)
            var smallest = UnsafeMutableBufferPointer(rebasing: keys[0..<count])
            smallest.sort()
        }
        ids.withUnsafeMutableBufferPointer { ids in
            for j in 0..<count { ids[j] = Int32(truncatingIfNeeded: keys[j] & 0xFFFF_FFFF) }
        }
        return count
    }

    /// A value that about 1.5·n entries reach, estimated from every eighth entry (the (n/8 + n/16 + 8)-th
    /// best of those), or nil when n is too large a share of the row for sampling to pay. The caller
    /// checks that at least n entries reach it.
    private mutating func sampledThreshold(_ row: UnsafeBufferPointer<Float>, _ n: Int) -> Float? {
        let step = 8
        guard n * 4 <= row.count else { return nil }
        sampleKeys.removeAll(keepingCapacity: true)
        for index in stride(from: 0, to: row.count, by: step) where !row[index].isNaN {
            sampleKeys.append(Self.canonicalKey(row[index], index))
        }
        let rank = n / step + n / (2 * step) + 8
        guard rank < sampleKeys.count else { return nil }
        let last = sampleKeys.withUnsafeMutableBufferPointer { keys in
            Self.moveSmallestFirst(keys, rank)
            return keys[0..<rank].max() ?? 0
        }
        let threshold = row[Int(last & 0xFFFF_FFFF)]
        // Below −∞ nothing can be scanned for; such rows take the full path.
        return threshold > -.infinity ? threshold : nil
    }

    /// Rearranges `keys` (distinct) so its `count` smallest come first, in any order: Hoare quickselect
    /// with a median-of-three pivot; a range that recurses too deep is sorted instead (worst case O(V log V)).
    private static func moveSmallestFirst(_ keys: UnsafeMutableBufferPointer<UInt64>, _ count: Int) {
        guard count > 0 && count < keys.count else { return }
        var low = 0
        var high = keys.count - 1
        var depthLeft = 2 * (Int.bitWidth - keys.count.leadingZeroBitCount)
        while high > low {
            if depthLeft == 0 {
                var range = UnsafeMutableBufferPointer(rebasing: keys[low...high])
                range.sort()
                return
            }
            depthLeft -= 1
            let middle = low + (high - low) / 2
            let pivot = Swift.max(Swift.min(keys[low], keys[middle]), Swift.min(Swift.max(keys[low], keys[middle]), keys[high]))
            var i = low
            var j = high
            while i <= j {
                while keys[i] < pivot { i += 1 }
                while keys[j] > pivot { j -= 1 }
                if i <= j {
                    keys.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now keys[low...j] ≤ pivot ≤ keys[i...high]; the boundary `count` lies in one part.
            if count - 1 <= j { high = j } else if count - 1 >= i { low = i } else { return }
        }
    }
}

extension UnsafeMutablePointer {
    fileprivate func swapAt(_ i: Int, _ j: Int) {
        let held = self[i]
        self[i] = self[j]
        self[j] = held
    }
}
