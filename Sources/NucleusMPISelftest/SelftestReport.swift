import Scheduling

/// The JSON rank 0 prints after a run.
struct SelftestReport: Codable {
    /// "mpi", or "in-process" for a world of one rank.
    var mode: String
    var worldSize: Int
    var wait: String
    var units: Int
    var completed: Int
    /// Completed units counted once each; equals `completed` when no unit ran twice.
    var distinctCompleted: Int
    /// Completed units whose result differs from the one the coordinator computes.
    var wrongResults: Int
    var failed: Int
    var abandoned: [String]
    var notRun: Int
    /// Completed units per worker rank.
    var unitsByRank: [String: Int]
    var wallSeconds: Double
    var unitsPerSecond: Double
    /// CPU time of the rank-0 process over the run (coordinator; plus the worker in-process).
    var coordinatorCPUSeconds: Double

    init(summary: RunSummary, worldSize: Int, wait: String, units: Int, workRounds: Int, cpuSeconds: Double) {
        mode = worldSize == 1 ? "in-process" : "mpi"
        self.worldSize = worldSize
        self.wait = wait
        self.units = units
        completed = summary.completed.count
        distinctCompleted = Set(summary.completed.map(\.report.unitID)).count
        wrongResults = summary.completed.filter {
            $0.report.file != trivialResult(unitID: $0.report.unitID, rounds: workRounds)
        }.count
        failed = summary.failed.count
        abandoned = summary.abandoned.map(\.unitID)
        notRun = summary.notRun.count
        unitsByRank = summary.completed.reduce(into: [:]) { $0[String($1.worker.rank), default: 0] += 1 }
        wallSeconds = summary.wallSeconds
        unitsPerSecond = summary.wallSeconds > 0 ? Double(completed) / summary.wallSeconds : 0
        coordinatorCPUSeconds = cpuSeconds
    }
}
