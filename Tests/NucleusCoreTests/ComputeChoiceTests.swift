import Foundation
import Testing
@testable import NucleusCore

/// `compute: f32 | bf16` on a model entry: decoded strictly, default f32, and part of the job hash
/// only when bf16 (so the hash of every job written before the key existed is unchanged).
@Suite final class ComputeChoiceTests {
    let fixture: JobFixture
    var file: String { fixture.jobPath }

    init() throws { fixture = try JobFixture() }
    deinit { fixture.remove() }

    static func withCompute(_ value: String) -> String {
        edited("    path: model.gguf\n", "    path: model.gguf\n    compute: \(value)\n")
    }

    @Test func defaultsToF32AndDecodesBF16() throws {
        #expect(try fixture.load().models.map(\.compute) == [.f32])
        #expect(try fixture.load(Self.withCompute("bf16")).models.map(\.compute) == [.bf16])
        #expect(try fixture.load(Self.withCompute("f32")).models.map(\.compute) == [.f32])
    }

    @Test func unknownComputeNamesTheChoicesAndTheLine() {
        #expect(fixture.loadError(Self.withCompute("fp16"))
            == "\(file):8: models[0].compute: expected one of f32 | bf16, got 'fp16'")
    }

    @Test func onlyBF16ChangesTheHash() throws {
        let original = try JobHash.compute(job: fixture.load())
        #expect(try JobHash.compute(job: fixture.load(Self.withCompute("f32"))) == original)
        #expect(try JobHash.compute(job: fixture.load(Self.withCompute("bf16"))) != original)
    }

    /// The hashed text of an f32 model has no `compute` key at all: the fingerprint is byte for
    /// byte what it was before `compute` existed; a bf16 one carries `"compute":"bf16"`.
    @Test func f32LeavesTheFingerprintAsItWas() throws {
        func fingerprint(_ yaml: String) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let job = try fixture.load(yaml)
            return String(decoding: try encoder.encode(JobFingerprint(job: job, techniqueDefinitions: [:])), as: UTF8.self)
        }
        #expect(try !fingerprint(JobFixture.baseYAML).contains("compute"))
        #expect(try fingerprint(Self.withCompute("bf16")).contains("\"compute\":\"bf16\""))
    }
}
