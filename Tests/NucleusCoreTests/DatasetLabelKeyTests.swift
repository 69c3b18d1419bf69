import Foundation
import Testing
@testable import NucleusCore

/// `label:` and `label_column:` on a dataset entry: decoded, refused together, and part of the job
/// hash only when set, so jobs written before the keys existed keep their hash.
@Suite final class DatasetLabelKeyTests {
    let fixture: JobFixture

    init() throws { fixture = try JobFixture() }
    deinit { fixture.remove() }

    static func withDatasetLines(_ lines: String) -> String {
        edited("    shape: gsm8k\n", "    shape: gsm8k\n\(lines)")
    }

    @Test func decodesEitherForm() throws {
        #expect(try fixture.load(Self.withDatasetLines("    label: factual\n")).datasets.map(\.label) == ["factual"])
        let column = try fixture.load(Self.withDatasetLines("    label_column: kind\n"))
        #expect(column.datasets.map(\.labelColumn) == ["kind"])
        #expect(column.datasets.map(\.label) == [nil])
        #expect(try fixture.load().datasets.map(\.label) == [nil])
    }

    @Test func refusesBothForms() throws {
        let message = try #require(fixture.loadError(Self.withDatasetLines("    label: factual\n    label_column: kind\n")))
        #expect(message.contains("datasets[0].label_column"))
        #expect(message.contains("set label or label_column, not both"))
    }

    @Test func refusesAnEmptyLabel() throws {
        let message = try #require(fixture.loadError(Self.withDatasetLines("    label: \"\"\n")))
        #expect(message.contains("datasets[0].label"))
    }

    @Test func onlyASetLabelChangesTheHash() throws {
        let original = try JobHash.compute(job: fixture.load())
        let factual = try JobHash.compute(job: fixture.load(Self.withDatasetLines("    label: factual\n")))
        let creative = try JobHash.compute(job: fixture.load(Self.withDatasetLines("    label: creative\n")))
        let column = try JobHash.compute(job: fixture.load(Self.withDatasetLines("    label_column: kind\n")))
        #expect(Set([original, factual, creative, column]).count == 4)
        #expect(try JobHash.compute(job: fixture.load(JobFixture.baseYAML)) == original)
    }
}
