import CMPI
import Foundation
import Scheduling

/// The `Transport` over MPI_COMM_WORLD: byte messages, one fixed tag per message kind.
///
/// MPI is initialised with `MPI_THREAD_FUNNELED`: call every method from the thread that called
/// `start` (hence not `Sendable`). Without `mpirun` this is a singleton world of size 1.
/// Errors come back as `MPIError` (the communicator's handler is `MPI_ERRORS_RETURN`).
public final class MPITransport: Transport {
    public let rank: Int
    public let size: Int
    public let host: String
    public let wait: ReceiveWait
    private let comm: MPI_Comm?
    private var finalized = false
    private static let yieldsBeforeSleeping = 20

    /// Initialises MPI (once per process) and describes this rank.
    public static func start(wait: ReceiveWait = .standard) throws -> MPITransport {
        var initialized: Int32 = 0
        try MPIError.check(MPI_Initialized(&initialized), "MPI_Initialized")
        if initialized == 0 {
            var provided: Int32 = 0
            try MPIError.check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided),
                               "MPI_Init_thread")
        }
        let comm = nucleus_mpi_comm_world()
        try MPIError.check(MPI_Comm_set_errhandler(comm, nucleus_mpi_errors_return()), "MPI_Comm_set_errhandler")
        var rank: Int32 = 0
        var size: Int32 = 0
        try MPIError.check(MPI_Comm_rank(comm, &rank), "MPI_Comm_rank")
        try MPIError.check(MPI_Comm_size(comm, &size), "MPI_Comm_size")
        return MPITransport(comm: comm, rank: Int(rank), size: Int(size), host: try processorName(), wait: wait)
    }

    private init(comm: MPI_Comm?, rank: Int, size: Int, host: String, wait: ReceiveWait) {
        self.comm = comm
        self.rank = rank
        self.size = size
        self.host = host
        self.wait = wait
    }

    public func send(_ payload: [UInt8], to destination: Int, tag: Int32) throws {
        let code = payload.withUnsafeBytes { bytes in
            MPI_Send(bytes.baseAddress, Int32(bytes.count), nucleus_mpi_byte(), Int32(destination), tag, comm)
        }
        try MPIError.check(code, "MPI_Send of \(payload.count) bytes to rank \(destination) (tag \(tag))")
    }

    public func receive() throws -> Envelope {
        var status = try waitForMessage()
        var count: Int32 = 0
        try MPIError.check(MPI_Get_count(&status, nucleus_mpi_byte(), &count), "MPI_Get_count")
        let source = status.MPI_SOURCE
        let tag = status.MPI_TAG
        // One spare byte so the buffer has an address even for an empty message.
        var payload = [UInt8](repeating: 0, count: Int(count) + 1)
        let code = payload.withUnsafeMutableBytes { bytes in
            MPI_Recv(bytes.baseAddress, count, nucleus_mpi_byte(), source, tag, comm, nil)
        }
        try MPIError.check(code, "MPI_Recv of \(count) bytes from rank \(source) (tag \(tag))")
        payload.removeLast()
        return Envelope(source: Int(source), tag: tag, payload: payload)
    }

    /// Finalises MPI; later calls do nothing. Every rank must call it before exiting.
    public func finish() throws {
        guard !finalized else { return }
        finalized = true
        try MPIError.check(MPI_Finalize(), "MPI_Finalize")
    }

    /// Ends every rank of the job with `code` (MPI_Abort): for an error before or outside the
    /// protocol, where `finish` would wait for ranks that wait for this one.
    public func abort(code: Int32) -> Never {
        MPI_Abort(comm, code)
        exit(code)
    }

    /// Status of the next message from any source, once there is one.
    private func waitForMessage() throws -> MPI_Status {
        var status = MPI_Status()
        switch wait {
        case .blockingProbe:
            try MPIError.check(MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &status), "MPI_Probe")
            return status
        case .pollWithBackoff(let minimum, let maximum):
            var delay = max(minimum, 1)
            var attempts = 0
            while true {
                var arrived: Int32 = 0
                try MPIError.check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &arrived, &status), "MPI_Iprobe")
                if arrived != 0 { return status }
                attempts += 1
                // A reply often follows within microseconds: yield a few times before sleeping.
                if attempts <= Self.yieldsBeforeSleeping {
                    sched_yield()
                    continue
                }
                usleep(delay)
                delay = min(delay * 2, max(maximum, minimum))
            }
        }
    }

    private static func processorName() throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(nucleus_mpi_max_processor_name()) + 1)
        var length: Int32 = 0
        try MPIError.check(MPI_Get_processor_name(&buffer, &length), "MPI_Get_processor_name")
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
