import Foundation

/// A world of `size` ranks inside one process, one thread per rank. Each rank gets an
/// `InProcessEndpoint`; mailboxes are guarded by one condition variable, so receivers sleep
/// until a message arrives.
public final class InProcessMesh: @unchecked Sendable {
    // All mutable state below is guarded by `condition`.
    private let condition = NSCondition()
    private var mailboxes: [MessageQueue]
    private var closed = false

    public let size: Int
    public let host: String
    /// When set, `receive` throws after waiting this long (guards tests against hangs).
    public let receiveTimeout: TimeInterval?

    public init(size: Int, host: String = ProcessInfo.processInfo.hostName, receiveTimeout: TimeInterval? = nil) {
        self.size = size
        self.host = host
        self.receiveTimeout = receiveTimeout
        self.mailboxes = Array(repeating: MessageQueue(), count: max(size, 0))
    }

    /// The endpoint of `rank`.
    public func endpoint(rank: Int) throws -> InProcessEndpoint {
        guard (0..<size).contains(rank) else { throw TransportError.invalidRank(rank, size: size) }
        return InProcessEndpoint(mesh: self, rank: rank)
    }

    /// Wakes every blocked receiver with `TransportError.closed`: used when one rank fails so
    /// the others do not wait forever.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func deliver(_ envelope: Envelope, to destination: Int) throws {
        guard (0..<size).contains(destination) else { throw TransportError.invalidRank(destination, size: size) }
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { throw TransportError.closed(rank: envelope.source) }
        mailboxes[destination].push(envelope)
        condition.broadcast()
    }

    func take(for rank: Int) throws -> Envelope {
        let deadline = receiveTimeout.map { Date(timeIntervalSinceNow: $0) }
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let envelope = mailboxes[rank].pop() { return envelope }
            if closed { throw TransportError.closed(rank: rank) }
            if let deadline {
                if !condition.wait(until: deadline), mailboxes[rank].isEmpty, !closed {
                    throw TransportError.timedOut(rank: rank, seconds: receiveTimeout ?? 0)
                }
            } else {
                condition.wait()
            }
        }
    }
}

/// One rank's view of an `InProcessMesh`.
public struct InProcessEndpoint: Transport, Sendable {
    let mesh: InProcessMesh
    public let rank: Int
    public var size: Int { mesh.size }
    public var host: String { mesh.host }

    public func send(_ payload: [UInt8], to destination: Int, tag: Int32) throws {
        try mesh.deliver(Envelope(source: rank, tag: tag, payload: payload), to: destination)
    }

    public func receive() throws -> Envelope {
        try mesh.take(for: rank)
    }
}

/// FIFO with amortised O(1) pop.
private struct MessageQueue {
    private var items: [Envelope] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ envelope: Envelope) { items.append(envelope) }

    mutating func pop() -> Envelope? {
        guard head < items.count else { return nil }
        let envelope = items[head]
        head += 1
        if head > 64, head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return envelope
    }
}
