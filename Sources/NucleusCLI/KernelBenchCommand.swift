import ArgumentParser
import Foundation
import Kernels
import Weights

/// `nucleus kernel-bench`: GFLOP/s of the packed-panel GEMM on the linear-layer shapes of the
/// benchmark workloads, so a change to the kernels can be measured without loading a model.
struct KernelBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel-bench",
        abstract: "Measure the matrix-product kernels (GFLOP/s) on W1 and W8 layer shapes.",
        discussion: """
            Random weights packed as the loader packs them (float32 and bf16 panels, GGUF Q8_0, Q4_1 and Q6_K \
            kept as 8- and 4-bit integer groups), products of M rows \
            for M = 1, 4, 16, 32, 128 (decode batches and prefill), 2·M·N·K floating-point operations each. \
            W1: SmolLM2-135M (hidden 576, MLP 1536, vocabulary 49152); W8: Llama-3.1-8B's layers (hidden \
            4096, KV 1024, gate|up 28672, MLP 14336). NUCLEUS_KERNEL=avx2|portable forces a lower level.
            """)

    @Option(name: .long, parsing: .unconditional, help: "Compute threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: ArgumentHelp("Which shapes: w1, w8 or all.", valueName: "w1|w8|all"))
    var shapes = "all"

    @Option(name: .long, help: ArgumentHelp("Rows per product (comma-separated).", valueName: "list"))
    var rows = "1,4,16,32,128"

    @Option(name: .long, help: ArgumentHelp("Weight formats (comma-separated): f32, bf16, q8_0, q4_1, q6_k.", valueName: "list"))
    var weights = "f32,bf16,q8_0,q4_1,q6_k"

    @Option(name: .long, help: ArgumentHelp("Activations: f32, or bf16 (rounded; vdpbf16ps where the CPU has it).", valueName: "f32|bf16"))
    var compute = "f32"

    @Option(name: .long, parsing: .unconditional, help: "Seconds to time each product (at least 3 runs).")
    var seconds = 0.3

    @Flag(name: .long, help: "Divide by the process's CPU seconds instead of wall seconds: GFLOP/s per core while it runs (comparable on a shared, time-sliced machine; multiply by the threads for the total).")
    var cpuTime = false

    static let w1: [(name: String, n: Int, k: Int)] = [
        ("W1 qkv", 960, 576), ("W1 out", 576, 576), ("W1 gate|up", 3072, 576), ("W1 down", 576, 1536), ("W1 head", 49152, 576),
    ]
    static let w8: [(name: String, n: Int, k: Int)] = [
        ("W8 q/out", 4096, 4096), ("W8 k/v", 1024, 4096), ("W8 gate|up", 28672, 4096), ("W8 down", 4096, 14336),
    ]

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard ComputePrecision(rawValue: compute) != nil else { throw ValidationError("--compute must be f32 or bf16") }
        guard ["w1", "w8", "all"].contains(shapes) else { throw ValidationError("--shapes must be w1, w8 or all") }
        let known = ["f32", "bf16", "q8_0", "q4_1", "q6_k"]
        guard !formats.isEmpty, formats.allSatisfy(known.contains) else {
            throw ValidationError("--weights must be a comma-separated list of \(known.joined(separator: ", "))")
        }
        guard !rowCounts.isEmpty, rowCounts.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
            throw ValidationError("--rows must be a comma-separated list of counts in 1...4096")
        }
    }

    var formats: [String] { weights.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    var rowCounts: [Int] { rows.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        let compute = ComputePrecision(rawValue: compute) ?? .float32
        print("kernel level \(KernelLevel.selected.name) (best \(KernelLevel.best.name), AVX512-BF16 \(KernelLevel.hasBFloat16Dot ? "yes" : "no")), "
              + "\(threads) threads, \(compute.rawValue) compute")
        let flopsPerCall = KernelLevel.selected.fmaPeakFlopsPerCall
        if flopsPerCall > 0 {
            let peak = measure(flops: Double(flopsPerCall * threads)) {
                Parallel.forEach(threads, threads: threads) { _ in KernelLevel.selected.runFMAPeak() }
            }
            print(String(format: "fma peak (register-only loop): %.1f GFLOP/s ", peak) + unit)
        }
        let selected = shapes == "w1" ? Self.w1 : shapes == "w8" ? Self.w8 : Self.w1 + Self.w8
        let maxRows = rowCounts.max() ?? 1
        print(Self.pad("shape", 15) + Self.pad("N×K", 14) + Self.pad("weights", 8) + rowCounts.map { Self.pad("M=\($0)", 9, right: true) }.joined())
        for shape in selected {
            let x = Self.random(maxRows * shape.k, seed: 1)
            var out = [Float](repeating: 0, count: maxRows * shape.n)
            for format in formats {
                let values = Self.random(shape.n * shape.k, seed: 2)
                let packed: PackedMatrix
                switch format {
                case "f32": packed = PackedMatrix(values, rows: shape.n, columns: shape.k)
                case "bf16": packed = PackedMatrix.compact(values.map(BFloat16.rounded), rows: shape.n, columns: shape.k)
                default:
                    let type: GGMLType = format == "q8_0" ? .q8_0 : format == "q6_k" ? .q6_K : .q4_1
                    // K-quant blocks hold 256 inputs: a checkpoint cannot store this shape in them.
                    guard shape.k % type.blockSize == 0 else { continue }
                    let blocks = Self.randomBlocks(type, count: shape.n * shape.k)
                    packed = blocks.withUnsafeBytes { raw in
                        guard let base = raw.baseAddress else { return PackedMatrix([], rows: 0, columns: 0) }
                        let stored = StoredMatrix(type: type, columns: shape.k, segments: [.init(start: base, rows: shape.n)], owners: [])
                        return PackedMatrix(stored, releasingMappedPages: false)
                    }
                }
                var line = Self.pad(shape.name, 15) + Self.pad("\(shape.n)×\(shape.k)", 14) + Self.pad(format, 8)
                for m in rowCounts {
                    let rate = x.withUnsafeBufferPointer { xp in
                        out.withUnsafeMutableBufferPointer { op in
                            measure(flops: 2 * Double(m) * Double(shape.n) * Double(shape.k)) {
                                guard let xb = xp.baseAddress, let ob = op.baseAddress else { return }
                                MatMul.multiply(xb, rows: m, weights: packed, into: ob, threads: threads, activations: compute)
                            }
                        }
                    }
                    line += String(format: "%9.1f", rate)
                }
                print(line)
            }
        }
        print("(GFLOP/s = 2·M·N·K / seconds per product, \(unit))")
    }

    var unit: String { cpuTime ? "per CPU-second (per core)" : "(wall clock, \(threads) threads)" }

    /// GFLOP/s of `body` (`flops` each call) after one warm-up call, timed over at least `seconds`
    /// and 3 calls, per wall-clock second or per process CPU second.
    func measure(flops: Double, _ body: () -> Void) -> Double {
        body()
        let wall = Clock(cpu: false), cpu = Clock(cpu: true)
        var calls = 0
        repeat {
            body()
            calls += 1
        } while calls < 3 || wall.elapsed < seconds
        return flops * Double(calls) / (cpuTime ? cpu.elapsed : wall.elapsed) / 1e9
    }

    /// Seconds since creation, of the wall clock or of the CPU time of the whole process.
    struct Clock {
        let cpu: Bool
        let start: Double
        init(cpu: Bool) {
            self.cpu = cpu
            start = Self.now(cpu)
        }
        var elapsed: Double { Self.now(cpu) - start }
        static func now(_ cpu: Bool) -> Double {
            var time = timespec()
            clock_gettime(cpu ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
        }
    }

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
    }

    /// `count` elements of `type` as random GGUF blocks whose f16 scale (and Q4_1 minimum) are small
    /// finite values: the kernels' speed does not depend on the values.
    static func randomBlocks(_ type: GGMLType, count: Int) -> [UInt8] {
        var state: UInt64 = 3
        var bytes = (0..<(count / type.blockSize * type.blockBytes)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let scaleFields = type == .q4_1 ? [0, 2] : type == .q6_K ? [208] : [0]
        for block in stride(from: 0, to: bytes.count, by: type.blockBytes) {
            for field in scaleFields {
                let bits = Float16(field == 0 ? 0.01 : -0.08).bitPattern
                bytes[block + field] = UInt8(truncatingIfNeeded: bits)
                bytes[block + field + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            }
        }
        return bytes
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
