/// A message as received: who sent it, its kind tag, and its payload bytes.
public struct Envelope: Sendable, Equatable {
    public var source: Int
    public var tag: Int32
    public var payload: [UInt8]

    public init(source: Int, tag: Int32, payload: [UInt8]) {
        self.source = source
        self.tag = tag
        self.payload = payload
    }
}

/// Point-to-point byte messages between the ranks of a fixed world: the one thing the coordinator
/// and the workers need from MPI, so the same protocol runs in-process or across nodes.
///
/// Contract: messages from one sender to one receiver arrive in the order they were sent;
/// `receive` blocks without spinning until a message from any source is available.
public protocol Transport {
    /// This endpoint's rank, 0..<size.
    var rank: Int { get }
    /// Number of ranks in the world.
    var size: Int { get }
    /// Host name of this rank, for logs and error messages.
    var host: String { get }
    /// Sends `payload` to `destination` under `tag`.
    func send(_ payload: [UInt8], to destination: Int, tag: Int32) throws
    /// Blocks until a message from any source arrives and returns it.
    func receive() throws -> Envelope
}

extension Transport {
    /// Encodes and sends a worker message.
    public func send(_ message: WorkerMessage, to destination: Int) throws {
        try send(try message.encodedPayload(), to: destination, tag: message.tag.rawValue)
    }

    /// Encodes and sends a coordinator message.
    public func send(_ message: CoordinatorMessage, to destination: Int) throws {
        try send(try message.encodedPayload(), to: destination, tag: message.tag.rawValue)
    }
}

/// Failures of the in-process transport (MPI has its own error type).
public enum TransportError: Error, CustomStringConvertible, Equatable {
    case invalidRank(Int, size: Int)
    case closed(rank: Int)
    case timedOut(rank: Int, seconds: Double)

    public var description: String {
        switch self {
        case .invalidRank(let rank, let size):
            "in-process transport: rank \(rank) is outside a world of \(size)"
        case .closed(let rank):
            "in-process transport: rank \(rank) found the mesh closed (a peer failed)"
        case .timedOut(let rank, let seconds):
            "in-process transport: rank \(rank) received nothing within \(seconds) s"
        }
    }
}
