import NucleusCore
import Scheduling

/// The self-test's units: `count` units spread over two models, so affinity is exercised.
func trivialAssignments(count: Int) -> [UnitAssignment] {
    (0..<count).map { index in
        let model = index % 2 == 0 ? "model-a" : "model-b"
        return UnitAssignment(unit: WorkUnit(id: "unit-\(index)", cell: CellKey(model: model, dataset: "selftest", technique: "hash"),
                                             rows: index..<(index + 1)))
    }
}

/// The "result" of a unit: its id hashed (FNV-1a), then mixed `rounds` more times.
func trivialResult(unitID: String, rounds: Int) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in unitID.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    for _ in 0..<rounds {
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
    }
    return "hash:" + String(hash, radix: 16)
}

/// An executor that computes `trivialResult` and reports it as the unit's "file"; it raises
/// `stopFlag` after `stopAfter` units when asked to.
func trivialExecutor(rounds: Int, stopFlag: StopFlag, stopAfter: Int?) -> ClosureExecutor {
    var unitsRun = 0
    return ClosureExecutor { assignment in
        unitsRun += 1
        if let stopAfter, unitsRun >= stopAfter { stopFlag.raise() }
        return UnitReport(unitID: assignment.unit.id, attempt: assignment.attempt,
                          file: trivialResult(unitID: assignment.unit.id, rounds: rounds), tokens: 1, seconds: 0)
    }
}
