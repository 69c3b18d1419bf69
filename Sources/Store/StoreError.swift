/// A failure reading or writing a results file. The message names the file and the problem on one line.
public struct StoreError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, coarse enough for callers to branch on (resume treats every kind as "not done").
    public enum Kind: String, Sendable, Equatable {
        /// No file at the path.
        case missingFile
        /// The file exists but carries no HDF5 signature.
        case notHDF5
        /// HDF5 could not open or read the file (truncated, damaged structure).
        case corrupt
        /// The file's `complete` attribute is not 1: the writer never finished it.
        case incomplete
        /// An HDF5 file without the seal of Nucleus' writer where only sealed files belong.
        case unsealed
        /// `schema_version` is not one this build reads.
        case unsupportedSchema
        /// A required attribute or dataset is absent or has the wrong type or shape.
        case malformed
        /// Row counts or ragged offsets disagree with each other.
        case inconsistent
        /// The stored checksum does not match the token data.
        case checksumMismatch
        /// The record handed to the writer is not self-consistent.
        case invalidRecord
        /// The final path of a unit file is already taken (reruns are new attempts, never overwrites).
        case alreadyExists
        /// An HDF5 call failed while writing.
        case hdf5
        /// A POSIX file operation (open, write, fsync, rename) failed.
        case io
    }

    public var kind: Kind
    /// The file the problem is about.
    public var path: String
    /// One line saying what is wrong.
    public var problem: String

    public init(_ kind: Kind, path: String, _ problem: String) {
        self.kind = kind
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
