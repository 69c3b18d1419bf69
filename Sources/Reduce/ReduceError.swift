import Foundation

/// Why a reduce stopped. Each message is one line naming the file or folder at fault.
public enum ReduceError: Error, Equatable, CustomStringConvertible {
    case missingUnitsFolder(path: String)
    case noUnitFiles(path: String)
    case inconsistentRecord(path: String, problem: String)
    case duplicateAttempt(unitID: String, row: Int, attempt: Int, firstPath: String, secondPath: String)
    case cannotListFolder(path: String, reason: String)
    case cannotWriteReport(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingUnitsFolder(let path):
            "\(path): no units/ folder (is this a results folder written by `nucleus run`?)"
        case .noUnitFiles(let path):
            "\(path): no unit files (<cell>/<unit>.attempt-K.h5) to reduce"
        case .inconsistentRecord(let path, let problem):
            "\(path): inconsistent unit record: \(problem)"
        case .duplicateAttempt(let unitID, let row, let attempt, let firstPath, let secondPath):
            "\(secondPath): unit \(unitID) row \(row) attempt \(attempt) is also in \(firstPath)"
        case .cannotListFolder(let path, let reason):
            "\(path): cannot list folder: \(reason)"
        case .cannotWriteReport(let path, let reason):
            "\(path): cannot write report: \(reason)"
        }
    }
}
