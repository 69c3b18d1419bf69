import Foundation
import Testing
@testable import Scheduling

@Suite struct InProcessTransportTests {
    @Test func messagesFromOneSenderArriveInOrder() throws {
        let mesh = InProcessMesh(size: 3, host: "test-host", receiveTimeout: 5)
        let zero = try mesh.endpoint(rank: 0)
        let one = try mesh.endpoint(rank: 1)
        let two = try mesh.endpoint(rank: 2)
        try one.send([1], to: 0, tag: 3)
        try two.send([9], to: 0, tag: 4)
        try one.send([2], to: 0, tag: 3)
        #expect(try zero.receive() == Envelope(source: 1, tag: 3, payload: [1]))
        #expect(try zero.receive() == Envelope(source: 2, tag: 4, payload: [9]))
        #expect(try zero.receive() == Envelope(source: 1, tag: 3, payload: [2]))
        #expect(zero.host == "test-host" && zero.size == 3 && two.rank == 2)
    }

    @Test func receiveBlocksUntilASendFromAnotherThread() throws {
        let mesh = InProcessMesh(size: 2, receiveTimeout: 5)
        let sender = try mesh.endpoint(rank: 1)
        let thread = JoinableThread(name: "sender") {
            Thread.sleep(forTimeInterval: 0.05)
            try? sender.send([42], to: 0, tag: 1)
        }
        #expect(try mesh.endpoint(rank: 0).receive().payload == [42])
        thread.join()
    }

    @Test func closeWakesABlockedReceiver() throws {
        let mesh = InProcessMesh(size: 2, receiveTimeout: 5)
        let thread = JoinableThread(name: "closer") {
            Thread.sleep(forTimeInterval: 0.05)
            mesh.close()
        }
        #expect(throws: TransportError.closed(rank: 0)) { try mesh.endpoint(rank: 0).receive() }
        thread.join()
    }

    @Test func receiveTimesOut() throws {
        let mesh = InProcessMesh(size: 1, receiveTimeout: 0.05)
        #expect(throws: TransportError.timedOut(rank: 0, seconds: 0.05)) { try mesh.endpoint(rank: 0).receive() }
    }

    @Test func invalidRankIsRejected() throws {
        let mesh = InProcessMesh(size: 2)
        #expect(throws: TransportError.invalidRank(2, size: 2)) { try mesh.endpoint(rank: 2) }
        #expect(throws: TransportError.invalidRank(5, size: 2)) { try mesh.endpoint(rank: 0).send([], to: 5, tag: 1) }
    }

    @Test func coordinatorRejectsAReportForAUnitItDidNotAssign() throws {
        let mesh = InProcessMesh(size: 2, receiveTimeout: 5)
        let fakeWorker = try mesh.endpoint(rank: 1)
        try fakeWorker.send(.ready(WorkerReady(rank: 1, host: "h", loadedModels: [])), to: 0)
        try fakeWorker.send(.unitDone(UnitReport(unitID: "nope", attempt: 1, file: nil, tokens: 0, seconds: 0)), to: 0)
        let coordinator = Coordinator(transport: try mesh.endpoint(rank: 0), assignments: makeAssignments(1))
        #expect(throws: SchedulingError.unknownUnit("nope", from: 1)) { try coordinator.run() }
    }

    @Test func coordinatorAloneHasNoWorkers() throws {
        let mesh = InProcessMesh(size: 1)
        let coordinator = Coordinator(transport: try mesh.endpoint(rank: 0), assignments: makeAssignments(1))
        #expect(throws: SchedulingError.noWorkers(size: 1)) { try coordinator.run() }
    }
}
