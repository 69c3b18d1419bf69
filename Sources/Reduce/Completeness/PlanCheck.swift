import Foundation
import NucleusCore
import Store

/// The units on disk compared with the plan in `job.json`: what a reduce could not read.
public struct PlanCheck: Sendable, Equatable {
    /// Why no comparison was possible (no `job.json`, or one without a unit list); nil when compared.
    public var unavailable: String?
    /// Job hash of the plan; "" when unavailable.
    public var jobHash: String
    public var plannedUnits: Int
    /// Planned units with at least one row that no readable file holds, in plan order.
    public var missingUnits: [MissingUnit]

    /// Every planned row of every planned unit was read.
    public var isComplete: Bool { unavailable == nil && missingUnits.isEmpty }

    /// Compares the plan with the prompts merged (unit id and dataset row of each).
    static func compare(_ stamp: JobStamp?, stampFile: URL, read: Set<PromptKey>) -> PlanCheck {
        guard let stamp else {
            return PlanCheck(unavailable: "no job.json in the results folder: whether every planned unit was read cannot be checked",
                             jobHash: "", plannedUnits: 0, missingUnits: [])
        }
        guard let planned = stamp.plannedUnits else {
            return PlanCheck(unavailable: "job.json (written by nucleus \(stamp.nucleusVersion)) lists no units: "
                                + "whether every planned unit was read cannot be checked; a `nucleus run` of this version rewrites it",
                             jobHash: stamp.jobHash, plannedUnits: stamp.units, missingUnits: [])
        }
        let missing = planned.compactMap { unit -> MissingUnit? in
            let rows = stamp.datasetRows(of: unit)
            let missingRows = rows.filter { !read.contains(PromptKey(unitID: unit.id, row: $0)) }
            return missingRows.isEmpty ? nil : MissingUnit(unitID: unit.id, cell: unit.cell, rows: rows, missingRows: missingRows)
        }
        return PlanCheck(unavailable: nil, jobHash: stamp.jobHash, plannedUnits: planned.count, missingUnits: missing)
    }
}

/// A planned unit the reduce could not read in full.
public struct MissingUnit: Sendable, Equatable {
    public var unitID: String
    public var cell: CellKey
    /// The unit's planned dataset rows, as unit files and prompts.csv number them.
    public var rows: [Int]
    /// Those of them no readable file holds (all of `rows` when the unit has no file at all).
    public var missingRows: [Int]

    /// One line: "unit 3f2a… (m × d × t (sample 0), dataset rows 0–9): no readable file", or
    /// the rows not read.
    public var description: String {
        let what = missingRows.count == rows.count
            ? "no readable file"
            : "rows \(missingRows.map(String.init).joined(separator: ", ")) not read"
        let span = rows.count == 1 ? "dataset row \(rows[0])" : "dataset rows \(rows.first ?? 0)–\(rows.last ?? 0)"
        return "unit \(unitID) (\(cell), \(span)): \(what)"
    }
}

/// One prompt of one unit: what a planned row is matched with.
struct PromptKey: Hashable {
    var unitID: String
    var row: Int
}
