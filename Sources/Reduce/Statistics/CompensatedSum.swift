/// Neumaier-compensated running sum: the rounding error of each addition is carried separately,
/// so sums over millions of tokens keep close to full Double precision.
struct CompensatedSum {
    private(set) var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ value: Double) {
        let total = sum + value
        if abs(sum) >= abs(value) {
            compensation += (sum - total) + value
        } else {
            compensation += (value - total) + sum
        }
        sum = total
    }

    var value: Double { sum + compensation }
}

extension Sequence where Element == Double {
    /// Compensated sum of the elements.
    func compensatedSum() -> Double {
        var total = CompensatedSum()
        for value in self { total.add(value) }
        return total.value
    }
}

extension Collection where Element == Double {
    /// Compensated mean; NaN for an empty collection.
    func compensatedMean() -> Double {
        isEmpty ? .nan : compensatedSum() / Double(count)
    }
}
