import Foundation
import Testing
@testable import NucleusCore

/// Vectors from FIPS 180-4 examples / NIST CAVP (SHA-256 short and long messages).
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(message: String, digest: String) {
        #expect(SHA256.hash(message).hex == digest)
    }

    @Test func millionAs() {
        let data = Data(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(data).hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Feeding the same bytes in uneven pieces (crossing block edges) gives the one-shot digest.
    @Test func incrementalMatchesOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 3, 128, 200, 0, 476] {
            hasher.update(Array(bytes[offset..<offset + size]))
            offset += size
        }
        #expect(offset == bytes.count)
        #expect(hasher.finalize() == SHA256.hash(Data(bytes)))
    }

    @Test func fileHashReadsInChunks() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: url)
        // A chunk size that is not a multiple of 64 exercises the pending-bytes path.
        let digest = try SHA256.hashFile(at: url, chunkSize: 100_003)
        #expect(digest.hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func missingFileNamesThePath() {
        #expect(throws: FileHashError(path: "/no/such/file.bin", reason: "cannot open for reading: no such file or directory")) {
            try SHA256.hashFile(at: URL(fileURLWithPath: "/no/such/file.bin"))
        }
    }
}
