import Foundation

/// Why a reduce stopped. Each message is one line naming the file or folder at fault.
public enum ReduceError: Error, Equatable, CustomStringConvertible {
    case missingUnitsFolder(path: String)
    case noUnitFiles(path: String)
    case inconsistentRecord(path: String, problem: String)
    case duplicateAttempt(unitID: String, row: Int, attempt: Int, firstPath: String, secondPath: String)
    case cannotListFolder(path: String, reason: String)
    case cannotWriteReport(path: String, reason: String)
    /// Two files (or `job.json` and a file) of different jobs in one results folder.
    case mixedJobs(firstPath: String, firstHash: String, secondPath: String, secondHash: String)
    /// Two files of one report row (model × dataset × technique) with different settings.
    case mixedSettings(row: String, setting: String, firstPath: String, firstValue: String, secondPath: String, secondValue: String)
    /// `job.json` exists but cannot be read.
    case unreadablePlan(path: String, reason: String)
    /// `--grades FILE.csv` cannot be used.
    case badGradesFile(path: String, problem: String)

    static let splitAdvice = "move one set elsewhere, or pass --split-mismatched to report each as its own group"

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
        case .mixedJobs(let firstPath, let firstHash, let secondPath, let secondHash):
            "\(secondPath): job hash \(secondHash) but \(firstPath) has job hash \(firstHash): results of different "
                + "jobs in one folder are not reduced together (\(Self.splitAdvice))"
        case .mixedSettings(let row, let setting, let firstPath, let firstValue, let secondPath, let secondValue):
            "\(secondPath): \(setting) settings \(secondValue) but \(firstPath) of the same row (\(row)) has \(firstValue): "
                + "they are not pooled (\(Self.splitAdvice))"
        case .unreadablePlan(let path, let reason):
            "\(path): cannot read the job's plan: \(reason)"
        case .badGradesFile(let path, let problem):
            "\(path): \(problem)"
        }
    }
}
