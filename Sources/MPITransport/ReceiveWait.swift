/// How a rank waits for its next message.
public enum ReceiveWait: Sendable, Equatable {
    /// `MPI_Probe`: Open MPI polls its progress engine inside the call, yielding the core only
    /// when it knows the node is oversubscribed.
    case blockingProbe
    /// `MPI_Iprobe`, yielding the core for the first few misses, then sleeping; the sleep
    /// doubles from `minMicroseconds` up to `maxMicroseconds` while nothing arrives and starts
    /// over for each message.
    case pollWithBackoff(minMicroseconds: UInt32, maxMicroseconds: UInt32)

    /// The default: polling with a short sleep keeps a waiting rank near 0% CPU whatever the
    /// binding, so the coordinator does not take a core from the workers beside it. Measured
    /// (2 busy cores, 2 ranks, 10 ms units): 46 units/s with 0.07 s coordinator CPU, against
    /// 28 units/s and 1.3–1.6 s CPU for `blockingProbe`.
    public static let standard = ReceiveWait.pollWithBackoff(minMicroseconds: 50, maxMicroseconds: 1000)

    /// Parses "probe" or "poll" (with the standard backoff), for command lines.
    public init?(name: String) {
        switch name {
        case "probe": self = .blockingProbe
        case "poll": self = .standard
        default: return nil
        }
    }

    public var name: String {
        switch self {
        case .blockingProbe: "probe"
        case .pollWithBackoff: "poll"
        }
    }
}
