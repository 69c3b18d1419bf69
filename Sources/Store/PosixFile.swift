import Foundation

/// The POSIX steps of publishing a file durably: fsync, no-clobber move, folder sync.
enum PosixFile {
    static func fsync(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ioError(path, "cannot open to fsync") }
        defer { close(descriptor) }
        guard Foundation.fsync(descriptor) == 0 else { throw ioError(path, "fsync failed") }
    }

    /// Moves `temporary` to `final` without ever replacing an existing file: a hard link fails
    /// with EEXIST if `final` is taken. Filesystems without hard links fall back to rename(2)
    /// after an existence check.
    static func publish(_ temporary: String, as final: String) throws {
        if link(temporary, final) == 0 {
            _ = unlink(temporary)
            return
        }
        let linkError = errno
        if linkError == EEXIST {
            throw StoreError(.alreadyExists, path: final, "a unit file already exists here")
        }
        if FileManager.default.fileExists(atPath: final) {
            throw StoreError(.alreadyExists, path: final, "a unit file already exists here")
        }
        guard rename(temporary, final) == 0 else { throw ioError(final, "cannot rename \(temporary) to the final name") }
    }

    /// Makes the new directory entry durable. Best effort: some filesystems refuse to fsync a
    /// folder, and the file itself is already complete and synced.
    static func syncDirectory(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let descriptor = open(folder.isEmpty ? "." : folder, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = Foundation.fsync(descriptor)
        close(descriptor)
    }

    static func ioError(_ path: String, _ action: String) -> StoreError {
        StoreError(.io, path: path, "\(action): \(String(cString: strerror(errno)))")
    }
}
