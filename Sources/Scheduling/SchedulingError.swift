/// Protocol violations between coordinator and workers: bugs or a mismatched peer, never a
/// unit's own failure (those are reported in `RunSummary.failed`).
public enum SchedulingError: Error, CustomStringConvertible, Equatable {
    case noWorkers(size: Int)
    case unexpectedSender(Int, receiver: Int)
    case unexpectedMessage(MessageTag, from: Int, phase: String)
    case unknownUnit(String, from: Int)
    case duplicateUnitIDs([String])

    public var description: String {
        switch self {
        case .noWorkers(let size):
            "scheduling: a world of \(size) rank(s) has no worker besides the coordinator"
        case .unexpectedSender(let source, let receiver):
            "scheduling: rank \(receiver) got a message from rank \(source), which is not its coordinator"
        case .unexpectedMessage(let tag, let source, let phase):
            "scheduling: unexpected \(tag) message from rank \(source) during \(phase)"
        case .unknownUnit(let unitID, let source):
            "scheduling: rank \(source) reported unit \(unitID), which it was not running"
        case .duplicateUnitIDs(let ids):
            "scheduling: unit ids appear more than once: \(ids.prefix(5).joined(separator: ", "))"
        }
    }
}
