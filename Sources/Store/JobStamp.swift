import Foundation
import NucleusCore

/// `job.json` in a results folder: the job the folder belongs to and every unit it planned.
/// `nucleus run` writes it before the first unit; `nucleus reduce` checks the unit files
/// against it (same job hash, no planned unit missing).
public struct JobStamp: Codable, Sendable, Equatable {
    public var jobName: String
    public var jobHash: String
    /// How many units the plan has.
    public var units: Int
    public var nucleusVersion: String
    /// The planned units in plan order; nil in stamps written before the list was recorded.
    /// A unit's `rows` are positions in its dataset's selection (after `start`/`limit`).
    public var plannedUnits: [WorkUnit]?
    /// Per dataset name, the dataset row (as unit files record `row`) of each selected position;
    /// nil or absent: position and dataset row are the same.
    public var datasetRows: [String: [Int]]?

    /// - Parameter datasetRows: per dataset, the file row index of each selected row.
    public init(jobName: String, plan: JobPlan, datasetRows: [String: [Int]], nucleusVersion: String) {
        self.init(jobName: jobName, jobHash: plan.jobHash, plannedUnits: plan.units, datasetRows: datasetRows,
                  nucleusVersion: nucleusVersion)
    }

    public init(jobName: String, jobHash: String, plannedUnits: [WorkUnit]?, datasetRows: [String: [Int]]? = nil,
                nucleusVersion: String) {
        self.jobName = jobName
        self.jobHash = jobHash
        self.units = plannedUnits?.count ?? 0
        self.nucleusVersion = nucleusVersion
        self.plannedUnits = plannedUnits
        self.datasetRows = datasetRows
    }

    /// The dataset rows (as unit files record them) a planned unit covers.
    public func datasetRows(of unit: WorkUnit) -> [Int] {
        guard let mapping = datasetRows?[unit.cell.dataset] else { return Array(unit.rows) }
        return unit.rows.map { $0 < mapping.count ? mapping[$0] : $0 }
    }
}

extension ResultsLayout {
    public var jobStampURL: URL { root.appendingPathComponent("job.json") }

    /// The folder's stamp; nil when there is no `job.json`. A stamp that cannot be read or
    /// decoded is an error naming the file, never silently "no plan".
    public func readJobStamp() throws -> JobStamp? {
        let url = jobStampURL
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw StoreError(.io, path: url.path, "cannot read: \(SystemErrorText.reason(error))")
        }
        do {
            return try JSONDecoder().decode(JobStamp.self, from: data)
        } catch {
            throw StoreError(.malformed, path: url.path, "not a job stamp {jobName, jobHash, units, nucleusVersion, plannedUnits}")
        }
    }

    /// Writes the stamp atomically (sorted keys, readable).
    public func writeJobStamp(_ stamp: JobStamp) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(stamp).write(to: jobStampURL, options: .atomic)
        } catch {
            throw StoreError(.io, path: jobStampURL.path, "cannot write: \(SystemErrorText.reason(error))")
        }
    }
}
