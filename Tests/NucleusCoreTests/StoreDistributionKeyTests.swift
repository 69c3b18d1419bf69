import Foundation
import Testing
@testable import NucleusCore

/// `analysis.store_distribution` (alias `full_distribution: true`) and `store_distribution_top`:
/// parsed, checked, and encoded only when set so that earlier job hashes stay.
struct StoreDistributionKeyTests {
    func analysis(_ line: String) throws -> AnalysisSettings {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        return try fixture.load(JobFixture.baseYAML + "analysis: {\(line)}\n").analysis
    }

    func loadError(_ line: String) throws -> String? {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        return fixture.loadError(JobFixture.baseYAML + "analysis: {\(line)}\n")
    }

    @Test func formatAndAliasTurnItOn() throws {
        #expect(try analysis("store_distribution: fp16").storeDistribution == .fp16)
        #expect(try analysis("full_distribution: true").storeDistribution == .fp16)
        #expect(try analysis("full_distribution: false").storeDistribution == nil)
        let top = try analysis("store_distribution: fp16, store_distribution_top: 1000")
        #expect(top.storeDistribution == .fp16 && top.storeDistributionTop == 1000)
    }

    @Test func unknownFormatIsRefusedNamingFileAndKey() throws {
        let error = try #require(try loadError("store_distribution: fp32"))
        #expect(error.contains("job.yaml") && error.contains("analysis.store_distribution") && error.contains("fp32"), "\(error)")
        #expect(error.contains("fp16"), "\(error)")
    }

    @Test func topBelowOneIsRefused() throws {
        for value in ["0", "-3"] {
            let error = try #require(try loadError("store_distribution: fp16, store_distribution_top: \(value)"))
            #expect(error.contains("job.yaml") && error.contains("analysis.store_distribution_top"), "\(error)")
        }
    }

    @Test func topWithoutAFormatIsRefused() throws {
        let error = try #require(try loadError("store_distribution_top: 10"))
        #expect(error.contains("analysis.store_distribution_top") && error.contains("store_distribution: fp16"), "\(error)")
    }

    @Test func recordedJSONChangesOnlyWhenSet() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var settings = AnalysisSettings()
        // The JSON every earlier job recorded (and hashed).
        #expect(String(decoding: try encoder.encode(settings), as: UTF8.self)
            == #"{"attention_entropy":false,"full_distribution":false,"top_k":20,"top_p":0.9}"#)
        settings.storeDistribution = .fp16
        settings.storeDistributionTop = 1000
        #expect(String(decoding: try encoder.encode(settings), as: UTF8.self)
            == #"{"attention_entropy":false,"full_distribution":true,"store_distribution":"fp16","store_distribution_top":1000,"top_k":20,"top_p":0.9}"#)
    }
}
