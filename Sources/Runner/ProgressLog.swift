import Dispatch
import Foundation
import Scheduling

/// Rank 0's overall progress: units done of total, tokens/s and ETA, on every unit finish and
/// every `interval` seconds between. `status` receives the progress lines (a TTY shows them as
/// one live line), `write` everything else.
public final class ProgressLog: @unchecked Sendable {
    // @unchecked: the counters are guarded by `lock` (events come from the coordinator's
    // thread, ticks from the timer's queue).
    private let lock = NSLock()
    private let started = Date()
    private var tokens = 0
    private var counts: ProgressCounts?
    private var timer: (any DispatchSourceTimer)?
    private let write: @Sendable (String) -> Void
    private let status: @Sendable (String) -> Void

    /// - Parameters:
    ///   - interval: seconds between progress lines while no unit finishes; nil: only on events.
    public init(interval: Double? = nil, status: (@Sendable (String) -> Void)? = nil,
                write: @escaping @Sendable (String) -> Void) {
        self.write = write
        self.status = status ?? write
        if let interval, interval > 0 {
            let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "nucleus.progress"))
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [weak self] in self?.tick() }
            timer.resume()
            self.timer = timer
        }
    }

    deinit { timer?.cancel() }

    /// Stops the periodic lines (at the end of the run).
    public func stop() {
        timer?.cancel()
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
        case .unitStarted(_, _, let counts):
            update(counts: counts, tokens: 0)
        case .unitFinished(let report, let worker, let counts):
            if let error = report.error { write("unit \(report.unitID) failed on \(worker): \(error)") }
            status(update(counts: counts, tokens: report.tokens))
        case .unitAbandoned(let unitID, let worker, let counts):
            update(counts: counts, tokens: 0)
            write("unit \(unitID) abandoned by \(worker)")
        }
    }

    private func tick() {
        lock.lock()
        let known = counts != nil
        lock.unlock()
        if known { status(update(counts: nil, tokens: 0)) }
    }

    /// Records an event and returns the progress line as of now.
    @discardableResult
    private func update(counts newCounts: ProgressCounts?, tokens added: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        tokens += added
        if let newCounts { counts = newCounts }
        guard let counts else { return "progress: starting" }
        return Self.line(counts: counts, tokens: tokens, elapsed: Date().timeIntervalSince(started))
    }

    /// `progress: 3/8 units (0 failed, 2 running), 812 tokens, 40.1 tok/s, elapsed 0m20s, ETA 0m33s`
    static func line(counts: ProgressCounts, tokens: Int, elapsed: Double) -> String {
        let finished = counts.completed + counts.failed
        let rate = Double(tokens) / max(elapsed, 1e-9)
        let eta = finished > 0 ? elapsed / Double(finished) * Double(counts.total - finished) : .nan
        return String(format: "progress: %d/%d units (%d failed, %d running), %d tokens, %.1f tok/s, elapsed %@, ETA %@",
                      finished, counts.total, counts.failed, counts.running, tokens, rate, duration(elapsed), duration(eta))
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
