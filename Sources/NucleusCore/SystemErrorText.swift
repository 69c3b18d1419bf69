import Foundation

/// Foundation's file errors in words a user can act on. On Linux their own text is
/// "The operation could not be completed. (NSCocoaErrorDomain error 512.)"; the POSIX error
/// underneath ("Not a directory") and the path they carry say what went wrong and where.
public enum SystemErrorText {
    /// Why an operation failed, e.g. "no such file or directory": the underlying POSIX error
    /// when there is one, else the error's own text.
    public static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return strerrorText(posix.code.rawValue) }
        let object = error as NSError
        if let underlying = object.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return strerrorText(Int32(underlying.code))
        }
        if object.domain == NSPOSIXErrorDomain { return strerrorText(Int32(object.code)) }
        if let known = cocoaReason(object) { return known }
        if object.domain == NSCocoaErrorDomain {
            // Some Foundation calls (createDirectory(at:) on Linux) give a bare code 512: look at the path.
            let path = object.userInfo[NSFilePathErrorKey] as? String ?? (object.userInfo[NSURLErrorKey] as? URL)?.path
            return path.flatMap(diagnose) ?? "file operation failed (Foundation error \(object.code))"
        }
        return "\(error)"
    }

    /// Why `path` cannot be created or written, found by looking at its ancestors: one that is a
    /// file, a missing parent, or a parent without write permission. Nil when none of these holds.
    static func diagnose(path: String) -> String? {
        var ancestor = URL(fileURLWithPath: path).standardizedFileURL
        while ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) else { continue }
            if !isFolder.boolValue { return "not a directory (\(ancestor.path) is a file)" }
            if access(ancestor.path, W_OK) != 0 { return "permission denied (\(ancestor.path) is not writable)" }
            return nil
        }
        return nil
    }

    /// "PATH: reason" for a Foundation error that names its file, else nil.
    public static func fileError(_ error: any Error) -> String? {
        let object = error as NSError
        guard object.domain == NSCocoaErrorDomain || object.domain == NSPOSIXErrorDomain,
              let path = object.userInfo[NSFilePathErrorKey] as? String
                ?? (object.userInfo[NSURLErrorKey] as? URL)?.path else { return nil }
        return "\(path): \(reason(error))"
    }

    private static func strerrorText(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }

    private static func cocoaReason(_ error: NSError) -> String? {
        guard error.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or directory"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on device"
        case .fileWriteVolumeReadOnly: return "read-only file system"
        case .fileWriteFileExists: return "file exists"
        case .fileReadCorruptFile: return "the file is damaged or not in the expected format"
        default: return nil
        }
    }
}
