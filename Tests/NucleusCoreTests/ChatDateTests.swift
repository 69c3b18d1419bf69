import Foundation
import Testing
@testable import NucleusCore

/// `date:` on a model entry (Llama 3.1+ "Today Date") and `chat_template: llama31`: decoded, and
/// part of the job hash only when set, so jobs written before the key existed keep their hash.
@Suite final class ChatDateTests {
    let fixture: JobFixture

    init() throws { fixture = try JobFixture() }
    deinit { fixture.remove() }

    static func withModelLines(_ lines: String) -> String {
        edited("    path: model.gguf\n", "    path: model.gguf\n\(lines)")
    }

    @Test func decodesDateAndTheLlama31Template() throws {
        let job = try fixture.load(Self.withModelLines("    chat_template: llama31\n    date: \"06 Dec 2026\"\n"))
        #expect(job.models.map(\.chatTemplate) == [.llama31])
        #expect(job.models.map(\.date) == ["06 Dec 2026"])
        #expect(try fixture.load().models.map(\.date) == [nil])
    }

    @Test func onlyASetDateChangesTheHash() throws {
        let original = try JobHash.compute(job: fixture.load())
        let dated = try JobHash.compute(job: fixture.load(Self.withModelLines("    date: \"06 Dec 2026\"\n")))
        let otherDay = try JobHash.compute(job: fixture.load(Self.withModelLines("    date: \"07 Dec 2026\"\n")))
        #expect(dated != original && otherDay != dated)
        #expect(try JobHash.compute(job: fixture.load(JobFixture.baseYAML)) == original)
    }
}
