/// The MPI-style tag of each message kind. One fixed small integer per kind, never per unit:
/// only tags up to 32767 are guaranteed by MPI, and unit ids are strings anyway.
public enum MessageTag: Int32, CaseIterable, Sendable, CustomStringConvertible {
    // Worker → coordinator.
    case ready = 1
    case modelLoaded = 2
    case unitDone = 3
    case abandoned = 4
    // Coordinator → worker.
    case assign = 16
    case stop = 17

    public var description: String {
        switch self {
        case .ready: "ready"
        case .modelLoaded: "modelLoaded"
        case .unitDone: "unitDone"
        case .abandoned: "abandoned"
        case .assign: "assign"
        case .stop: "stop"
        }
    }
}
