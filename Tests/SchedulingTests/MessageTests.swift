import Foundation
import NucleusCore
import Testing
@testable import Scheduling

@Suite struct MessageTests {
    static let unit = WorkUnit(id: "a1b2c3", cell: CellKey(model: "smollm2", dataset: "gsm8k", technique: "cot", sample: 2),
                               rows: 40..<60)

    static let workerMessages: [WorkerMessage] = [
        .ready(WorkerReady(rank: 3, host: "node07", loadedModels: ["smollm2", "qwen"])),
        .modelLoaded(ModelLoadReport(rank: 2, model: "qwen", error: nil, residentModels: ["qwen"])),
        .modelLoaded(ModelLoadReport(rank: 2, model: "bad", error: "file missing: /m/bad.gguf", residentModels: [])),
        .unitDone(UnitReport(unitID: "a1b2c3", attempt: 2, file: "units/x/a1b2c3.attempt-2.h5", tokens: 1234,
                             seconds: 12.5)),
        .unitDone(UnitReport(unitID: "a1b2c3", attempt: 1, file: nil, tokens: 0, seconds: 0.25, error: "boom")),
        .abandoned(unitID: "a1b2c3"),
    ]

    @Test(arguments: workerMessages)
    func workerMessageRoundTrips(_ message: WorkerMessage) throws {
        let payload = try message.encodedPayload()
        #expect(try WorkerMessage.decode(tag: message.tag.rawValue, payload: payload) == message)
    }

    @Test(arguments: [CoordinatorMessage.assign(UnitAssignment(unit: unit, attempt: 3)), .stop])
    func coordinatorMessageRoundTrips(_ message: CoordinatorMessage) throws {
        let payload = try message.encodedPayload()
        #expect(try CoordinatorMessage.decode(tag: message.tag.rawValue, payload: payload) == message)
    }

    @Test func tagsAreFixedPerKind() {
        #expect(WorkerMessage.ready(WorkerReady(rank: 1, host: "h", loadedModels: [])).tag.rawValue == 1)
        #expect(WorkerMessage.modelLoaded(ModelLoadReport(rank: 1, model: "m", error: nil, residentModels: [])).tag.rawValue == 2)
        #expect(WorkerMessage.unitDone(UnitReport(unitID: "x", attempt: 1, file: nil, tokens: 0, seconds: 0)).tag.rawValue == 3)
        #expect(WorkerMessage.abandoned(unitID: "x").tag.rawValue == 4)
        #expect(CoordinatorMessage.assign(UnitAssignment(unit: Self.unit)).tag.rawValue == 16)
        #expect(CoordinatorMessage.stop.tag.rawValue == 17)
        // Distinct, and within the range every MPI implementation guarantees.
        let raw = MessageTag.allCases.map(\.rawValue)
        #expect(Set(raw).count == raw.count)
        #expect(raw.allSatisfy { (0...32767).contains($0) })
    }

    @Test func tagDoesNotDependOnTheUnit() {
        let other = WorkUnit(id: "zzz", cell: CellKey(model: "q", dataset: "x", technique: "b"), rows: 0..<1)
        #expect(CoordinatorMessage.assign(UnitAssignment(unit: Self.unit)).tag
            == CoordinatorMessage.assign(UnitAssignment(unit: other, attempt: 9)).tag)
    }

    @Test func payloadIsJSONWithTheUnitFields() throws {
        let payload = try CoordinatorMessage.assign(UnitAssignment(unit: Self.unit, attempt: 3)).encodedPayload()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        #expect(object["attempt"] as? Int == 3)
        let unit = try #require(object["unit"] as? [String: Any])
        #expect(unit["id"] as? String == "a1b2c3")
    }

    @Test func wrongDirectionTagIsRejected() throws {
        let payload = try CoordinatorMessage.stop.encodedPayload()
        #expect(throws: MessageError.unexpectedTag(17, expecting: "a worker message")) {
            try WorkerMessage.decode(tag: MessageTag.stop.rawValue, payload: payload)
        }
        #expect(throws: MessageError.unexpectedTag(99, expecting: "a coordinator message")) {
            try CoordinatorMessage.decode(tag: 99, payload: payload)
        }
    }

    @Test func malformedPayloadNamesTheKind() {
        #expect {
            try WorkerMessage.decode(tag: MessageTag.unitDone.rawValue, payload: Array("{\"unitID\": 5}".utf8))
        } throws: { error in
            guard case MessageError.malformed(.unitDone, _) = error else { return false }
            return "\(error)".hasPrefix("scheduling message: malformed unitDone payload")
        }
    }
}
