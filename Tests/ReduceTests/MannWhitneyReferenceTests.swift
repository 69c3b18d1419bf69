import Foundation
import Testing
@testable import Reduce

/// The Mann–Whitney U test and Student's t quantile equal scipy 1.17.1's
/// (`scripts/fixtures/mann_whitney_reference.py`, committed as `Fixtures/mann_whitney_reference.json`):
/// exact small cases, ties, unequal sizes and large samples, within 1e-12 relative.
@Suite struct MannWhitneyReferenceTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let a: [Double]
        let b: [Double]
        let u: Double
        let p: Double
        let method: String
        var testDescription: String { name }
    }

    struct Quantile: Decodable {
        let df: Int
        let t: Double
    }

    struct Reference: Decodable {
        let cases: [Case]
        let tQuantiles: [Quantile]
    }

    static let reference: Reference? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/mann_whitney_reference.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(Reference.self, from: Data(contentsOf: url))
    }()

    static func relativeError(_ x: Double, _ y: Double) -> Double {
        x == y ? 0 : abs(x - y) / max(abs(y), .leastNormalMagnitude)
    }

    @Test(arguments: reference?.cases ?? [])
    func equalsScipy(_ reference: Case) throws {
        let result = try #require(Statistics.mannWhitney(reference.a, reference.b))
        #expect(result.u == reference.u)
        #expect(result.exact == (reference.method == "exact"))
        #expect(Self.relativeError(result.p, reference.p) <= 1e-12, "p \(result.p) vs scipy \(reference.p)")
    }

    @Test func fixtureIsPresent() throws {
        let reference = try #require(Self.reference, "Fixtures/mann_whitney_reference.json is missing or unreadable")
        #expect(reference.cases.count >= 10)
    }

    @Test func tQuantilesEqualScipy() throws {
        let reference = try #require(Self.reference)
        for quantile in reference.tQuantiles {
            let t = Statistics.studentTQuantile(0.975, degreesOfFreedom: quantile.df)
            #expect(Self.relativeError(t, quantile.t) <= 1e-12, "df \(quantile.df): \(t) vs scipy \(quantile.t)")
        }
    }

    @Test func emptyOrNonFiniteSamplesHaveNoTest() {
        #expect(Statistics.mannWhitney([], [1, 2]) == nil)
        #expect(Statistics.mannWhitney([1, .nan], [1, 2]) == nil)
    }
}
