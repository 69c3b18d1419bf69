import Testing
@testable import Reduce

private let minus = "\u{2212}"

struct TickCase: Sendable, CustomTestStringConvertible {
    var lower: Double
    var upper: Double
    var expand = true
    var axis: ClosedRange<Double>
    var values: [Double]
    var labels: [String]

    var testDescription: String { "\(lower)…\(upper)\(expand ? "" : " fixed")" }
}

// Hand-worked: step = smallest of {1, 2, 5} × 10^k at least span / 5; expanded axes end on ticks.
private let tickCases: [TickCase] = [
    TickCase(lower: 0, upper: 1, axis: 0...1, values: [0, 0.2, 0.4, 0.6, 0.8, 1],
             labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
    TickCase(lower: 0.013, upper: 0.087, axis: 0...0.1, values: [0, 0.02, 0.04, 0.06, 0.08, 0.1],
             labels: ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"]),
    TickCase(lower: 0, upper: 7.3, axis: 0...8, values: [0, 2, 4, 6, 8], labels: ["0", "2", "4", "6", "8"]),
    // A single value widens by 10% of its magnitude: 0.45…0.55, step 0.02.
    TickCase(lower: 0.5, upper: 0.5, axis: 0.44...0.56, values: [0.44, 0.46, 0.48, 0.5, 0.52, 0.54, 0.56],
             labels: ["0.44", "0.46", "0.48", "0.50", "0.52", "0.54", "0.56"]),
    TickCase(lower: 0, upper: 0, axis: -1...1, values: [-1, -0.5, 0, 0.5, 1],
             labels: ["\(minus)1.0", "\(minus)0.5", "0.0", "0.5", "1.0"]),
    TickCase(lower: -3.2, upper: -0.4, axis: -4...0, values: [-4, -3, -2, -1, 0],
             labels: ["\(minus)4", "\(minus)3", "\(minus)2", "\(minus)1", "0"]),
    // Span 1.05: raw step 0.21 rounds up to 0.5.
    TickCase(lower: -0.7, upper: 0.35, axis: -1...0.5, values: [-1, -0.5, 0, 0.5],
             labels: ["\(minus)1.0", "\(minus)0.5", "0.0", "0.5"]),
    // Reversed bounds are swapped.
    TickCase(lower: 7.3, upper: 0, axis: 0...8, values: [0, 2, 4, 6, 8], labels: ["0", "2", "4", "6", "8"]),
    // Fixed ranges keep their bounds and list only the ticks inside.
    TickCase(lower: 0, upper: 0.95, expand: false, axis: 0...0.95, values: [0, 0.2, 0.4, 0.6, 0.8],
             labels: ["0.0", "0.2", "0.4", "0.6", "0.8"]),
    TickCase(lower: 0.05, upper: 1, expand: false, axis: 0.05...1, values: [0.2, 0.4, 0.6, 0.8, 1],
             labels: ["0.2", "0.4", "0.6", "0.8", "1.0"]),
    TickCase(lower: 0, upper: 3.2e6, axis: 0...4e6, values: [0, 1e6, 2e6, 3e6, 4e6],
             labels: ["0", "1e6", "2e6", "3e6", "4e6"]),
    TickCase(lower: 1.23e6, upper: 1.87e6, axis: 1.2e6...2e6, values: [1.2e6, 1.4e6, 1.6e6, 1.8e6, 2e6],
             labels: ["1.2e6", "1.4e6", "1.6e6", "1.8e6", "2.0e6"]),
    // One exponent for the whole axis, so the mantissas line up.
    TickCase(lower: 0, upper: 2.5e6, axis: 0...2.5e6, values: [0, 5e5, 1e6, 1.5e6, 2e6, 2.5e6],
             labels: ["0", "0.5e6", "1.0e6", "1.5e6", "2.0e6", "2.5e6"]),
    TickCase(lower: -1.2e6, upper: 1e7, axis: -5e6...1e7, values: [-5e6, 0, 5e6, 1e7],
             labels: ["\(minus)0.5e7", "0", "0.5e7", "1.0e7"]),
    TickCase(lower: 0, upper: 4.4e-5, axis: 0...5e-5, values: [0, 1e-5, 2e-5, 3e-5, 4e-5, 5e-5],
             labels: ["0", "1e-5", "2e-5", "3e-5", "4e-5", "5e-5"]),
    TickCase(lower: 120, upper: 980, axis: 0...1000, values: [0, 200, 400, 600, 800, 1000],
             labels: ["0", "200", "400", "600", "800", "1000"]),
    // Non-finite bounds fall back to 0…1.
    TickCase(lower: .nan, upper: 3, axis: 0...1, values: [0, 0.2, 0.4, 0.6, 0.8, 1],
             labels: ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
]

@Test(arguments: tickCases)
func niceTicks(_ tick: TickCase) {
    let ticks = NiceTicks.make(lower: tick.lower, upper: tick.upper, expand: tick.expand)
    #expect(abs(ticks.lower - tick.axis.lowerBound) < 1e-12 * max(1, abs(tick.axis.lowerBound)))
    #expect(abs(ticks.upper - tick.axis.upperBound) < 1e-12 * max(1, abs(tick.axis.upperBound)))
    #expect(ticks.values.count == tick.values.count)
    for (value, expected) in zip(ticks.values, tick.values) {
        #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)))
    }
    #expect(ticks.labels == tick.labels)
}

@Test func tickValuesAreExactDecimals() {
    // 0.1 × 3 accumulated in binary is 0.30000000000000004; ticks are computed as 3 / 10.
    let ticks = NiceTicks.make(lower: 0, upper: 0.5)
    #expect(ticks.values == [0, 0.1, 0.2, 0.3, 0.4, 0.5])
}
