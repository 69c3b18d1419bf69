import Dispatch
import Foundation

/// Raises a `StopFlag` when the process receives one of the given signals (Ctrl-C's `SIGINT`,
/// Slurm's pre-timeout `SIGUSR1`, `SIGTERM`; mpirun forwards them to every rank).
///
/// Create it first thing in `main`, before any thread starts (before `MPI_Init` and any run):
/// it blocks the signals in the calling thread so every later thread inherits the block, and
/// the signals wait for Dispatch instead of being delivered to (and dropped by) some thread.
/// A thread started earlier that does not block them may swallow one. Keep the object for the
/// length of the run; a stop request stays a stop request, so nothing is restored.
public final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals` (default: SIGINT, SIGTERM and SIGUSR1) and raises `flag` on each.
    /// `onSignal` runs on `queue` after the flag is raised, with the signal and how many stop
    /// signals arrived so far (1 for the first), so the caller can say what happens next.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM, SIGUSR1], raising flag: StopFlag,
                queue: DispatchQueue = DispatchQueue(label: "nucleus.stop-signals"),
                onSignal: (@Sendable (_ signal: Int32, _ count: Int) -> Void)? = nil) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for number in signals { sigaddset(&blocked, number) }
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        let counter = SignalCounter()
        sources = signals.map { number in
            // The default action (terminate) must not run before Dispatch sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                flag.raise()
                // Handlers run one at a time on `queue`, so the count needs no lock.
                counter.count += 1
                onSignal?(number, counter.count)
            }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }

    /// The conventional name of a signal, for messages ("SIGINT").
    public static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGUSR1: "SIGUSR1"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }
}

/// Stop signals received so far; touched only on the signal queue.
private final class SignalCounter: @unchecked Sendable {
    var count = 0
}
