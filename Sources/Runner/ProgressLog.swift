import Foundation
import Scheduling

/// Rank 0's overall progress: units done of total, tokens/s and ETA, one line per event.
public final class ProgressLog: @unchecked Sendable {
    // @unchecked: `tokens` is touched only from the coordinator's thread (ProgressHandler contract).
    private let started = Date()
    private var tokens = 0
    private let write: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) {
        self.write = write
    }

    public var handler: ProgressHandler {
        { [self] event in self.handle(event) }
    }

    private func handle(_ event: ProgressEvent) {
        switch event {
        case .workerReady(let worker, _):
            write("worker ready: \(worker)")
        case .modelLoaded(let report, let worker):
            if let error = report.error { write("model \(report.model) failed to load on \(worker): \(error)") }
        case .unitStarted:
            break
        case .unitFinished(let report, let worker, let counts):
            tokens += report.tokens
            if let error = report.error { write("unit \(report.unitID) failed on \(worker): \(error)") }
            let elapsed = Date().timeIntervalSince(started)
            let finished = counts.completed + counts.failed
            let rate = Double(tokens) / max(elapsed, 1e-9)
            let eta = finished > 0 ? elapsed / Double(finished) * Double(counts.total - finished) : .nan
            write(String(format: "progress: %d/%d units (%d failed), %d tokens, %.1f tok/s, elapsed %@, ETA %@",
                         finished, counts.total, counts.failed, tokens, rate, Self.duration(elapsed), Self.duration(eta)))
        case .unitAbandoned(let unitID, let worker, _):
            write("unit \(unitID) abandoned by \(worker)")
        }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
