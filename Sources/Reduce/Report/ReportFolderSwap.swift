import Foundation

/// Replaces `report/` as a whole: the new report is built in a fresh folder beside it
/// (`report.tmp-<pid>`), and only when every file is written does it take the place of the old
/// one. So no figure or table of an earlier reduce survives next to the new ones, and a reduce
/// that fails leaves the old report as it was.
///
/// The swap is two renames within one file system: old → `report.old-<pid>`, new → `report`,
/// then the old one is deleted. A crash between the renames leaves the old report in
/// `report.old-<pid>` and no `report/`; a crash before them leaves `report.tmp-<pid>` behind.
enum ReportFolderSwap {
    static func replace<Result>(_ destination: URL, build: (URL) throws -> Result) throws -> Result {
        let manager = FileManager.default
        let parent = destination.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent("\(destination.lastPathComponent).tmp-\(pid)", isDirectory: true)
        let retired = parent.appendingPathComponent("\(destination.lastPathComponent).old-\(pid)", isDirectory: true)
        try? manager.removeItem(at: staging)  // a leftover of an earlier reduce with our pid
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw ReduceError.cannotWriteReport(path: staging.path, reason: error.localizedDescription)
        }
        let result: Result
        do {
            result = try build(staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        let hadReport = manager.fileExists(atPath: destination.path)
        if hadReport {
            try? manager.removeItem(at: retired)
            try rename(destination, to: retired, cleaningUp: staging)
        }
        do {
            try rename(staging, to: destination, cleaningUp: staging)
        } catch {
            if hadReport { _ = Foundation.rename(retired.path, destination.path) }  // put the old report back
            throw error
        }
        if hadReport { try? manager.removeItem(at: retired) }
        return result
    }

    private static func rename(_ source: URL, to target: URL, cleaningUp staging: URL) throws {
        guard Foundation.rename(source.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: staging)
            throw ReduceError.cannotWriteReport(path: target.path, reason: "cannot rename \(source.lastPathComponent) to \(target.lastPathComponent): \(reason)")
        }
    }
}
