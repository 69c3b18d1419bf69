import Foundation
import NucleusCore

/// Why a file cannot be read, in words (Foundation's own text on Linux is "The operation could not
/// be completed"): a missing file, a folder where a file belongs, or the system's reason.
enum InputFileCheck {
    static func problem(readingFileAt path: String) -> String? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
        if isFolder.boolValue { return "is a folder, not a file" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "permission denied" }
        return nil
    }

    /// The system's reason for `error`, e.g. "permission denied".
    static func reason(_ error: any Error) -> String {
        SystemErrorText.reason(error)
    }
}
