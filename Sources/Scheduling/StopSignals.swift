import Dispatch
import Foundation

/// Raises a `StopFlag` when the process receives one of the given signals (Slurm's pre-timeout
/// `SIGUSR1`, `SIGTERM`). The signals' default action (terminate) is replaced while this object
/// lives, so keep it for the length of the run; cancelling restores nothing, since a stop
/// request must stay a stop request.
public final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals` (default: SIGTERM and SIGUSR1) and raises `flag` on each.
    public init(_ signals: [Int32] = [SIGTERM, SIGUSR1], raising flag: StopFlag,
                queue: DispatchQueue = DispatchQueue(label: "nucleus.stop-signals")) {
        sources = signals.map { number in
            // Dispatch sees the signal only if the default action does not run first.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { flag.raise() }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
