import Foundation

/// A content checksum kept in the HDF5 user block (the first 512 bytes, which HDF5, h5py and
/// h5dump skip). HDF5 1.10 trusts file metadata: a damaged byte in a heap can make it copy past
/// a buffer and crash the process. Checking the bytes before HDF5 parses them turns such damage
/// into a `StoreError`. The block is ASCII, readable with `head -c 512`:
///
///     NUCLEUS-UNIT-FILE 1
///     length <bytes of the whole file>
///     crc32 <8 hex digits, zlib crc32 of bytes 512..<length>
enum UnitFileSeal {
    static let userBlockSize = 512
    static let magic = "NUCLEUS-UNIT-FILE 1\n"
    private static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]
    private static let readChunk = 4 << 20

    /// Writes the seal of a closed file created with a 512-byte user block.
    static func seal(path: String) throws {
        let descriptor = open(path, O_RDWR | O_CLOEXEC)
        guard descriptor >= 0 else { throw PosixFile.ioError(path, "cannot open to seal") }
        defer { close(descriptor) }
        let (length, crc) = try contentChecksum(descriptor, path)
        var text = Array("\(magic)length \(length)\ncrc32 \(hex(crc))\n".utf8)
        text += [UInt8](repeating: 0, count: userBlockSize - text.count)
        guard pwrite(descriptor, text, text.count, 0) == text.count else { throw PosixFile.ioError(path, "cannot write the seal") }
    }

    /// Checks a file before HDF5 opens it. A sealed file must match its seal. A file with a user
    /// block but no seal was never finished by the writer. A file whose HDF5 signature sits right
    /// at offset 0 has no user block: another tool wrote it, and it goes to HDF5 unchecked — unless
    /// `requireSeal`, for files that only Nucleus' writer puts there (a results folder's units):
    /// HDF5 1.10.8 crashes or loops forever on some damaged files (global heap, H5HG_read), and
    /// an unsealed file cannot be checked first.
    static func check(path: String, requireSeal: Bool = false) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PosixFile.ioError(path, "cannot open") }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: userBlockSize + hdf5Signature.count)
        let headCount = pread(descriptor, &head, head.count, 0)
        guard headCount >= 0 else { throw PosixFile.ioError(path, "cannot read") }
        head.removeSubrange(headCount...)
        if head.starts(with: hdf5Signature) {
            guard !requireSeal else {
                throw StoreError(.unsealed, path: path, "HDF5 file without Nucleus' seal (written by another tool?): "
                    + "not opened, since a damaged one can crash HDF5 and it cannot be checked first")
            }
            return
        }
        let userBlock = head.prefix(userBlockSize)
        guard userBlock.starts(with: Array(magic.utf8)) else {
            if head.dropFirst(userBlockSize).starts(with: hdf5Signature) {
                throw StoreError(.incomplete, path: path, "unsealed unit file: the writer did not finish it")
            }
            guard !requireSeal else {
                throw StoreError(.notHDF5, path: path, "not a Nucleus unit file (no seal, no HDF5 signature at byte 0 or 512)")
            }
            return  // not a Nucleus file: HDF5 decides what it is
        }
        let fields = parseSeal(userBlock)
        guard let expectedLength = fields["length"].flatMap({ Int($0) }),
              let expectedCRC = fields["crc32"].flatMap({ UInt32($0, radix: 16) }) else {
            throw StoreError(.corrupt, path: path, "damaged seal in the user block")
        }
        let (length, crc) = try contentChecksum(descriptor, path)
        guard length == expectedLength else {
            throw StoreError(.corrupt, path: path, "truncated or extended: \(length) bytes, the writer wrote \(expectedLength)")
        }
        guard crc == expectedCRC else {
            throw StoreError(.corrupt, path: path, "content checksum mismatch (crc32 \(hex(crc)), sealed \(hex(expectedCRC))): bytes were altered")
        }
    }

    /// File length and CRC-32 of everything after the user block.
    private static func contentChecksum(_ descriptor: Int32, _ path: String) throws -> (Int, UInt32) {
        var crc = CRC32()
        var buffer = [UInt8](repeating: 0, count: readChunk)
        var offset = userBlockSize
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, readChunk, off_t(offset)) }
            guard count >= 0 else { throw PosixFile.ioError(path, "cannot read") }
            if count == 0 { break }
            buffer.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            offset += count
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw PosixFile.ioError(path, "cannot stat") }
        return (Int(status.st_size), crc.value)
    }

    private static func parseSeal(_ block: ArraySlice<UInt8>) -> [String: String] {
        let text = String(decoding: block.prefix { $0 != 0 }, as: UTF8.self)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
