import Foundation
import Testing
@testable import Reduce

/// One case of Fixtures/correlation_reference.json (scripts/fixtures/make_reduce_fixtures.py).
struct ReferenceCase: Decodable, CustomTestStringConvertible, Sendable {
    struct Result: Decodable, Sendable {
        var statistic: Double?
        var pvalue: Double?
    }
    var name: String
    var x: [Double]
    var y: [Double]
    var pearson: Result
    var spearman: Result
    var kendall: Result

    var testDescription: String { name }

    static func load() throws -> [ReferenceCase] {
        struct Document: Decodable { var cases: [ReferenceCase] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/correlation_reference.json")
        return try JSONDecoder().decode(Document.self, from: Data(contentsOf: url)).cases
    }
}

private func expectMatches(_ result: CorrelationResult, _ reference: ReferenceCase.Result, _ label: String) {
    guard let statistic = reference.statistic, let pvalue = reference.pvalue else {
        #expect(result.statistic.isNaN && result.pValue.isNaN, "\(label): scipy says undefined")
        #expect(result.undefinedReason != nil, "\(label): undefined without a reason")
        return
    }
    let statisticError = abs(result.statistic - statistic)
    #expect(statisticError <= 1e-9 * max(abs(statistic), 1e-300), "\(label): statistic \(result.statistic) vs scipy \(statistic)")
    let pError = abs(result.pValue - pvalue)
    #expect(pError <= 1e-7 * pvalue || pError <= 1e-12, "\(label): p \(result.pValue) vs scipy \(pvalue)")
}

@Test(arguments: try ReferenceCase.load())
func pearsonMatchesScipy(_ reference: ReferenceCase) {
    expectMatches(Statistics.pearson(reference.x, reference.y), reference.pearson, "pearson \(reference.name)")
}

@Test(arguments: try ReferenceCase.load())
func spearmanMatchesScipy(_ reference: ReferenceCase) {
    expectMatches(Statistics.spearman(reference.x, reference.y), reference.spearman, "spearman \(reference.name)")
}

@Test(arguments: try ReferenceCase.load())
func kendallMatchesScipy(_ reference: ReferenceCase) {
    expectMatches(Statistics.kendallTauB(reference.x, reference.y), reference.kendall, "kendall \(reference.name)")
}

@Test func referenceFixtureCoversTheRequiredShapes() throws {
    let names = Set(try ReferenceCase.load().map(\.name))
    #expect(names.isSuperset(of: ["normal_n200", "many_ties_n120", "small_n10", "tiny_n5", "perfect_n25", "constant_y_n30"]))
}
