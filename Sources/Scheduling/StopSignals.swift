import Dispatch
import Foundation

/// Raises a `StopFlag` when the process receives one of the given signals (Slurm's pre-timeout
/// `SIGUSR1`, `SIGTERM`; mpirun forwards both to every rank).
///
/// Create it first thing in `main`, before any thread starts (before `MPI_Init` and any run):
/// it blocks the signals in the calling thread so every later thread inherits the block, and
/// the signals wait for Dispatch instead of being delivered to (and dropped by) some thread.
/// A thread started earlier that does not block them may swallow one. Keep the object for the
/// length of the run; a stop request stays a stop request, so nothing is restored.
public final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals` (default: SIGTERM and SIGUSR1) and raises `flag` on each.
    public init(_ signals: [Int32] = [SIGTERM, SIGUSR1], raising flag: StopFlag,
                queue: DispatchQueue = DispatchQueue(label: "nucleus.stop-signals")) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for number in signals { sigaddset(&blocked, number) }
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        sources = signals.map { number in
            // The default action (terminate) must not run before Dispatch sees the signal.
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
