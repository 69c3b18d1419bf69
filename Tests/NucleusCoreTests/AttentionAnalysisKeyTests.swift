import Foundation
import Testing
@testable import NucleusCore

/// `analysis.attention` and its alias `attention_entropy`; the recorded analysis JSON keeps the
/// alias' name so that earlier jobs hash as before.
struct AttentionAnalysisKeyTests {
    func analysis(_ line: String) throws -> AnalysisSettings {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        return try fixture.load(JobFixture.baseYAML + "analysis: {\(line)}\n").analysis
    }

    @Test func attentionAndItsAliasTurnItOn() throws {
        #expect(try analysis("attention: true").attentionEntropy)
        #expect(try analysis("attention_entropy: true").attentionEntropy)
        #expect(try analysis("attention: true, attention_entropy: true").attentionEntropy)
        #expect(try !analysis("top_k: 5").attentionEntropy)
    }

    @Test func disagreeingKeysAreRefusedNamingThem() throws {
        let fixture = try JobFixture()
        defer { fixture.remove() }
        let error = try #require(fixture.loadError(JobFixture.baseYAML + "analysis: {attention: true, attention_entropy: false}\n"))
        #expect(error.contains("attention"), "\(error)")
        #expect(error.contains("job.yaml"), "\(error)")
    }

    @Test func recordedJSONKeepsTheAliasName() throws {
        var settings = AnalysisSettings()
        settings.attentionEntropy = true
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(settings), as: UTF8.self)
        #expect(text == #"{"attention_entropy":true,"full_distribution":false,"top_k":20,"top_p":0.9}"#)
    }
}
