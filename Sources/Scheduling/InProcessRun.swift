import Foundation

/// Runs `assignments` in this process: the coordinator on a background thread and one worker
/// on the calling thread (so `executor` never changes thread), over an in-process transport.
/// The same protocol code as under MPI; the single-machine path of `nucleus run`.
public func runInProcess(assignments: [UnitAssignment], executor: any UnitExecutor,
                         stopFlag: StopFlag = StopFlag(), progress: ProgressHandler? = nil,
                         receiveTimeout: TimeInterval? = nil) throws -> RunSummary {
    let mesh = InProcessMesh(size: 2, receiveTimeout: receiveTimeout)
    let coordinatorEndpoint = try mesh.endpoint(rank: 0)
    let workerEndpoint = try mesh.endpoint(rank: 1)
    let firstError = FirstError()
    let summary = ResultSlot<RunSummary>()

    let coordinatorThread = JoinableThread(name: "nucleus-coordinator") {
        do {
            summary.store(try Coordinator(transport: coordinatorEndpoint, assignments: assignments,
                                          stopFlag: stopFlag, progress: progress).run())
        } catch {
            firstError.record(error)
            mesh.close()
        }
    }
    do {
        _ = try Worker(transport: workerEndpoint, executor: executor, stopFlag: stopFlag).run()
    } catch {
        firstError.record(error)
        mesh.close()
    }
    coordinatorThread.join()
    return try result(summary, firstError)
}

/// Runs `assignments` in this process with one worker per executor, each on its own thread,
/// and the coordinator on the calling thread. For tests of multi-worker behaviour (affinity,
/// results independent of the number of workers) without MPI.
public func runInProcess(assignments: [UnitAssignment], executors: [any UnitExecutor & Sendable],
                         stopFlags: [StopFlag]? = nil, progress: ProgressHandler? = nil,
                         receiveTimeout: TimeInterval? = nil) throws -> RunSummary {
    let mesh = InProcessMesh(size: executors.count + 1, receiveTimeout: receiveTimeout)
    let firstError = FirstError()
    let summary = ResultSlot<RunSummary>()
    var threads: [JoinableThread] = []
    for (offset, executor) in executors.enumerated() {
        let endpoint = try mesh.endpoint(rank: offset + 1)
        let stopFlag = stopFlags?[offset] ?? StopFlag()
        threads.append(JoinableThread(name: "nucleus-worker-\(offset + 1)") {
            do {
                _ = try Worker(transport: endpoint, executor: executor, stopFlag: stopFlag).run()
            } catch {
                firstError.record(error)
                mesh.close()
            }
        })
    }
    do {
        summary.store(try Coordinator(transport: try mesh.endpoint(rank: 0), assignments: assignments,
                                      progress: progress).run())
    } catch {
        firstError.record(error)
        mesh.close()
    }
    threads.forEach { $0.join() }
    return try result(summary, firstError)
}

/// Runs the protocol on `transport`: rank `coordinatorRank` coordinates and returns the
/// summary, every other rank works and returns nil. A world of one rank (no `mpirun`) runs
/// coordinator and worker in-process instead.
public func runScheduled<T: Transport>(on transport: T, assignments: [UnitAssignment], executor: any UnitExecutor,
                                       coordinatorRank: Int = 0, stopFlag: StopFlag = StopFlag(),
                                       progress: ProgressHandler? = nil) throws -> RunSummary? {
    if transport.size == 1 {
        return try runInProcess(assignments: assignments, executor: executor, stopFlag: stopFlag, progress: progress)
    }
    if transport.rank == coordinatorRank {
        return try Coordinator(transport: transport, assignments: assignments, stopFlag: stopFlag,
                               progress: progress).run()
    }
    _ = try Worker(transport: transport, executor: executor, coordinatorRank: coordinatorRank,
                   stopFlag: stopFlag).run()
    return nil
}

private func result(_ summary: ResultSlot<RunSummary>, _ firstError: FirstError) throws -> RunSummary {
    if let error = firstError.error { throw error }
    guard let value = summary.value else { throw TransportError.closed(rank: 0) }
    return value
}
