/// The job's grid expanded: cells in a fixed order, each split into work units.
///
/// Order: models (outer, so a worker keeps one model loaded), then datasets, techniques, settings
/// blocks and samples in job-file order; units in row order. The same job always gives the same plan.
public struct JobPlan: Sendable, Equatable {
    public let jobHash: String
    public let cells: [CellKey]
    /// Every unit of every cell, in plan order.
    public let units: [WorkUnit]

    /// - Parameter rowCounts: rows per dataset name after `start`/`limit` (from Prompts).
    public init(job: JobSpec, jobHash: String, rowCounts: [String: Int]) throws {
        self.jobHash = jobHash
        var cells: [CellKey] = []
        var units: [WorkUnit] = []
        let samplesPerSettings = try job.settingsNames.map { ($0, try job.generationSettings(settings: $0).samples) }
        try Self.checkSize(job: job, samples: samplesPerSettings.map(\.1), rowCounts: rowCounts)
        for model in job.models {
            for dataset in job.datasets {
                guard let count = rowCounts[dataset.name] else {
                    throw PlanError(
                        job: job.source?.path ?? job.name, message: "no row count for dataset '\(dataset.name)'")
                }
                guard count > 0 else {
                    throw PlanError(
                        job: job.source?.path ?? job.name,
                        message: "dataset '\(dataset.name)' has no rows after start/limit")
                }
                for technique in job.techniques where dataset.runs(technique: technique.name) {
                    for (settings, samples) in samplesPerSettings {
                        for sample in 0..<samples {
                            let cell = CellKey(model: model.name, dataset: dataset.name, technique: technique.name,
                                               settings: settings, sample: sample)
                            cells.append(cell)
                            for lower in stride(from: 0, to: count, by: job.unitSize) {
                                let rows = lower..<min(lower + job.unitSize, count)
                                units.append(WorkUnit(
                                    id: Self.unitID(jobHash: jobHash, cell: cell, rows: rows), cell: cell, rows: rows))
                            }
                        }
                    }
                }
            }
        }
        self.cells = cells
        self.units = units
    }

    /// Plans with more units are refused before any is made: the number is surely a typo (e.g. in
    /// `samples`), and the plan alone would take gigabytes. A real grid this large can raise `unit_size`.
    public static let maxUnits = 2_000_000

    private static func checkSize(job: JobSpec, samples: [Int], rowCounts: [String: Int]) throws {
        let unitSize = max(job.unitSize, 1)
        var perSample = 0
        for dataset in job.datasets {
            let rows = max(rowCounts[dataset.name] ?? 0, 0)
            let techniques = job.techniques.filter { dataset.runs(technique: $0.name) }.count
            perSample += (rows / unitSize + (rows % unitSize == 0 ? 0 : 1)) * techniques
        }
        var total = perSample
        var overflow = false
        var sampleCells = 0
        for count in samples {
            let (sum, overflowed) = sampleCells.addingReportingOverflow(count)
            sampleCells = sum
            overflow = overflow || overflowed
        }
        for factor in [job.models.count, sampleCells] {
            let (product, overflowed) = total.multipliedReportingOverflow(by: factor)
            total = product
            overflow = overflow || overflowed
        }
        guard !overflow, total <= maxUnits else {
            throw PlanError(
                job: job.source?.path ?? job.name,
                message: "the grid would have \(overflow ? "more than \(Int.max)" : String(total)) work units (at most \(maxUnits)); check generation.samples, or raise unit_size")
        }
    }

    /// The units of one cell, in row order.
    public func units(in cell: CellKey) -> [WorkUnit] {
        units.filter { $0.cell == cell }
    }

    /// First 16 hex digits of SHA-256 of `"<jobHash>|<model>|<dataset>|<technique>|<sample>|<lower>..<upper>"`,
    /// with `|<settings>` after `<technique>` for a cell of a settings block.
    /// Names are restricted to `[A-Za-z0-9._-]`, so `|` cannot be ambiguous.
    public static func unitID(jobHash: String, cell: CellKey, rows: Range<Int>) -> String {
        let settingsPart = cell.settings.map { "|\($0)" } ?? ""
        let key = "\(jobHash)|\(cell.model)|\(cell.dataset)|\(cell.technique)\(settingsPart)|\(cell.sample)"
            + "|\(rows.lowerBound)..<\(rows.upperBound)"
        return String(SHA256.hash(key).hex.prefix(16))
    }
}

/// The grid could not be planned.
public struct PlanError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The job file (or job name when built in code).
    public let job: String
    public let message: String

    public init(job: String, message: String) {
        self.job = job
        self.message = message
    }

    public var description: String { "\(job): \(message)" }
}
