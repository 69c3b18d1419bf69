/// Eight-lane loops over a logits row shared by the sampler and the statistics. Lane sums are combined
/// in a fixed order, so results depend only on the inputs (not on the machine's vector width).
enum RowKernels {
    /// `row[index..<index+8]` widened to Double.
    @inline(__always)
    static func widened(_ row: UnsafeBufferPointer<Float>, _ index: Int) -> SIMD8<Double> {
        let narrow = UnsafeRawPointer(row.baseAddress! + index).loadUnaligned(as: SIMD8<Float>.self)
        return SIMD8<Double>(Double(narrow[0]), Double(narrow[1]), Double(narrow[2]), Double(narrow[3]),
                             Double(narrow[4]), Double(narrow[5]), Double(narrow[6]), Double(narrow[7]))
    }

    @inline(__always)
    static func load(_ buffer: UnsafeMutableBufferPointer<Double>, _ index: Int) -> SIMD8<Double> {
        load(UnsafeBufferPointer(buffer), index)
    }

    @inline(__always)
    static func load(_ buffer: UnsafeBufferPointer<Double>, _ index: Int) -> SIMD8<Double> {
        UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: SIMD8<Double>.self)
    }

    /// Lanes added first to last.
    @inline(__always)
    static func laneSum(_ values: SIMD8<Double>) -> Double {
        var total = 0.0
        for lane in 0..<8 { total += values[lane] }
        return total
    }

    /// The largest entry, NaN ignored; −inf for an empty or all-NaN row.
    static func maximum(_ row: UnsafeBufferPointer<Float>) -> Float {
        let vectorEnd = row.count / 8 * 8
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var index = 0
        while index < vectorEnd {
            let values = UnsafeRawPointer(row.baseAddress! + index).loadUnaligned(as: SIMD8<Float>.self)
            lanes.replace(with: values, where: values .> lanes)
            index += 8
        }
        var result = -Float.infinity
        for lane in 0..<8 where lanes[lane] > result { result = lanes[lane] }
        for tail in vectorEnd..<row.count where row[tail] > result { result = row[tail] }
        return result
    }

    /// Number of entries strictly greater than `value`.
    static func countGreater(_ row: UnsafeBufferPointer<Float>, than value: Float) -> Int {
        let vectorEnd = row.count / 8 * 8
        var counts = SIMD8<Int32>(repeating: 0)
        let threshold = SIMD8<Float>(repeating: value)
        var index = 0
        while index < vectorEnd {
            let values = UnsafeRawPointer(row.baseAddress! + index).loadUnaligned(as: SIMD8<Float>.self)
            counts.replace(with: counts &+ 1, where: values .> threshold)
            index += 8
        }
        var total = 0
        for lane in 0..<8 { total += Int(counts[lane]) }
        for tail in vectorEnd..<row.count where row[tail] > value { total += 1 }
        return total
    }
}
