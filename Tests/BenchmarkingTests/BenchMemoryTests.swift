@testable import Benchmarking
import Foundation
import NucleusTestSupport
import Testing

@Suite struct BenchMemoryTests {
    @Test func statusLineParsing() {
        let status = "Name:\tnucleus\nVmPeak:\t  999 kB\nVmHWM:\t   123456 kB\nVmRSS:\t  100 kB\n"
        #expect(BenchMemory.statusKilobytes(status, key: "VmHWM") == 123_456)
        #expect(BenchMemory.statusKilobytes(status, key: "VmSwap") == nil)
    }

    /// The peak covers memory this process touched: 64 MB written now must be inside it.
    @Test func peakCoversTouchedMemory() throws {
        let count = 64 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 1)
        let peak = try #require(BenchMemory.peakResidentBytes())
        #expect(peak >= count)
    }

    @Test func weightFilesOfAFolderAndAFile() throws {
        let folder = TinyHFFolder.tinyLlama.path
        let shards = (1...4).map { "\(folder)/model-0000\($0)-of-00004.safetensors" }
        let sizes = try shards.map { try #require(try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        #expect(BenchMemory.weightFileBytes(folder) == sizes.reduce(0, +))
        #expect(BenchMemory.weightFileBytes(shards[0]) == sizes[0])
        #expect(BenchMemory.weightFileBytes(folder + "/missing") == nil)
    }
}
