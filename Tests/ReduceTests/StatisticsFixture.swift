import Foundation

/// Loads Fixtures/stats/<name> (written by scripts/fixtures/reduce_statistics.py).
func loadStatisticsFixture<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/stats/\(name)")
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
}

/// |actual − expected| within `relative` of |expected| (or `absolute`, for values near zero).
func isClose(_ actual: Double, _ expected: Double, relative: Double, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= max(relative * abs(expected), absolute)
}
