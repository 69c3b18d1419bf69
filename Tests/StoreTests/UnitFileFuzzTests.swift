import Foundation
import Testing
@testable import Store

/// Seeded byte damage anywhere in a valid file must give a `StoreError` naming the file, never a
/// crash: HDF5 1.10.8 itself segfaults on some of these files (a damaged global-heap length in
/// H5HG_read), which is why the seal is checked before HDF5 sees the bytes.
@Suite struct UnitFileFuzzTests {
    static let trials = 150

    @Test func flippedBytesAreDetectedOrHarmless() throws {
        let folder = try TemporaryFolder()
        let original = folder.file("original.attempt-1.h5")
        let record = SampleRecords.realistic()
        try UnitFileWriter().write(record, to: original)
        let bytes = try Data(contentsOf: original)
        var generator = SplitMix64(seed: 7)
        var rejected = 0
        for trial in 0..<Self.trials {
            var damaged = bytes
            for _ in 0..<4 {
                let position = Int(generator.next() % UInt64(damaged.count))
                damaged[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            }
            let url = folder.file("trial-\(trial).attempt-1.h5")
            try damaged.write(to: url)
            do {
                // Damage to the zero padding of the user block is harmless and reads back intact.
                #expect(try UnitFileReader.read(url) == record, "trial \(trial) read altered data")
            } catch let error as StoreError {
                #expect(error.path == url.path)
                #expect([.corrupt, .incomplete, .notHDF5].contains(error.kind), "trial \(trial): \(error)")
                rejected += 1
            }
            try FileManager.default.removeItem(at: url)
        }
        #expect(rejected > Self.trials * 9 / 10)
    }
}
