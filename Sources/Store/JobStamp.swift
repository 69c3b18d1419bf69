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
    public var plannedUnits: [WorkUnit]?

    public init(jobName: String, plan: JobPlan, nucleusVersion: String) {
        self.jobName = jobName
        self.jobHash = plan.jobHash
        self.units = plan.units.count
        self.nucleusVersion = nucleusVersion
        self.plannedUnits = plan.units
    }

    public init(jobName: String, jobHash: String, plannedUnits: [WorkUnit]?, nucleusVersion: String) {
        self.jobName = jobName
        self.jobHash = jobHash
        self.units = plannedUnits?.count ?? 0
        self.nucleusVersion = nucleusVersion
        self.plannedUnits = plannedUnits
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
            throw StoreError(.io, path: url.path, "cannot read: \(error.localizedDescription)")
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
            throw StoreError(.io, path: jobStampURL.path, "cannot write: \(error.localizedDescription)")
        }
    }
}
