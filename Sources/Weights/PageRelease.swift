#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An owner of memory-mapped checkpoint bytes that can hand pages back to the kernel once a
/// loader has copied what it needs (packed weight panels), so the checkpoint and its packed copy
/// are not both resident.
public protocol MappedPagesOwner: AnyObject {
    /// Drops the resident pages under `bytes` (those inside this owner's mapping; others ignored).
    /// The bytes stay readable: a later read faults them in again from the file.
    func releasePages(_ bytes: UnsafeRawBufferPointer)
}

extension MappedFile: MappedPagesOwner {
    public func releasePages(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, let mapped = self.bytes.baseAddress, bytes.count > 0 else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lower = max(Int(bitPattern: base), Int(bitPattern: mapped)) / page * page
        let upper = min(Int(bitPattern: base) + bytes.count, Int(bitPattern: mapped) + self.bytes.count)
        guard page > 0, lower < upper, let start = UnsafeMutableRawPointer(bitPattern: lower) else { return }
        // MADV_DONTNEED on a private, read-only, never-written file mapping only discards clean
        // page-cache references: the contents stay those of the file (including the partial
        // pages shared with neighbouring tensors, which simply fault in again when read).
        _ = madvise(start, upper - lower, Int32(MADV_DONTNEED))
    }
}

extension SafetensorsFile: MappedPagesOwner {
    public func releasePages(_ bytes: UnsafeRawBufferPointer) { mapping.releasePages(bytes) }
}

extension GGUFFile: MappedPagesOwner {
    public func releasePages(_ bytes: UnsafeRawBufferPointer) { mapping.releasePages(bytes) }
}
