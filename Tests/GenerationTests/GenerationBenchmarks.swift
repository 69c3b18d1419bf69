import Foundation
import Generation
import Kernels
import NucleusTestSupport
import Testing
import Weights

/// Per-call cost of `TokenStatisticsCalculator.compute` and `Sampler.sample` on the SmolLM2 reference
/// rows (V = 49152). Opt-in, meant for a release build:
/// `NUCLEUS_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter GenerationBenchmarks`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["NUCLEUS_BENCH"] != nil, "opt-in: set NUCLEUS_BENCH=1"))
struct GenerationBenchmarks {
    static func referenceRows() throws -> (rows: [[Float]], embeddings: NormalizedEmbeddings) {
        var rows: [[Float]] = []
        for name in ["france", "natalia", "once", "fibonacci"] {
            let array = try NumPyArray.read(from: TestPaths.referenceFile("\(name).greedy_step_logits.first8.f32.npy"))
            let width = array.shape[1]
            rows += (0..<array.shape[0]).map { Array(array.values[($0 * width)..<(($0 + 1) * width)]) }
        }
        let file = try GGUFFile(path: TestPaths.requireSmolLM2())
        let start = ContinuousClock.now
        let embeddings = try NormalizedEmbeddings(matrix: try file.floats("token_embd.weight"), vocabularySize: 49152, dimension: 576)
        print("BENCH NormalizedEmbeddings.init (dequantise + normalise 49152 × 576): \(ContinuousClock.now - start)")
        // A flat-ish row: the worst case for the nucleus (thousands of tokens) and for sampling.
        rows.append(rows[0].map { $0 * 0.15 })
        return (rows, embeddings)
    }

    static func microseconds(_ duration: Duration, calls: Int) -> Double {
        Double(duration.components.seconds) * 1e6 / Double(calls) + Double(duration.components.attoseconds) / 1e12 / Double(calls)
    }

    /// The fastest of 5 runs: the machine is shared, so the minimum is the least-disturbed estimate.
    static func best(_ body: () throws -> Void) rethrows -> Duration {
        var fastest = Duration.seconds(1_000_000)
        for _ in 0..<5 { fastest = min(fastest, try ContinuousClock().measure(body)) }
        return fastest
    }

    @Test func computeAndSampleCost() throws {
        let (rows, embeddings) = try Self.referenceRows()
        var calculator = try TokenStatisticsCalculator(embeddings: embeddings, nucleusTopP: 0.9, topK: 20)
        let repeats = 4
        var nucleusSizes: [Int] = []
        for row in rows { nucleusSizes.append(try row.withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 0).nucleusSize }) }
        let referenceRows = rows.dropLast()
        let elapsed = try Self.best {
            for _ in 0..<repeats { for row in referenceRows { _ = try row.withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 7) } } }
        }
        let flat = try Self.best {
            for _ in 0..<repeats { _ = try rows[rows.count - 1].withUnsafeBufferPointer { try calculator.compute(logits: $0, chosen: 7) } }
        }
        let perCall = Self.microseconds(elapsed, calls: repeats * referenceRows.count)
        print("BENCH compute: \(String(format: "%.1f", perCall)) µs/call over \(referenceRows.count) reference rows (nucleus 1…\(nucleusSizes.dropLast().max() ?? 0)); flat row (nucleus \(nucleusSizes.last ?? 0)): \(String(format: "%.1f", Self.microseconds(flat, calls: repeats))) µs/call")
        #expect(perCall < 1000)

        let settings: [(String, SamplingSettings)] = [
            ("greedy", .greedy), ("T=1", SamplingSettings()), ("T=0.7 top-p 0.9", SamplingSettings(temperature: 0.7, topP: 0.9)),
            ("top-k 50 T=0.8", SamplingSettings(temperature: 0.8, topK: 50)), ("min-p 0.05", SamplingSettings(minP: 0.05)),
            ("T=1 rep 1.1 (64 prev)", SamplingSettings(repetitionPenalty: 1.1)),
        ]
        let history = (0..<64).map { Int32($0 * 97) }
        let sampledRows = rows.dropLast()
        for count in [20, 256, 1024, 4096, 16384] {
            var selector = CanonicalTopSelector()
            let time = Self.best { for row in sampledRows { _ = row.withUnsafeBufferPointer { selector.select(from: $0, count: count) } } }
            print("BENCH select top \(count): \(String(format: "%.1f", Self.microseconds(time, calls: sampledRows.count))) µs/call")
        }
        var sink = 0.0
        let expTime = Self.best {
            for row in sampledRows { for z in row { sink += exponential(Double(z) - 20) } }
        }
        print("BENCH scalar exponential over a row: \(String(format: "%.1f", Self.microseconds(expTime, calls: sampledRows.count))) µs/row (\(sink > 0))")
        let libmTime = Self.best {
            for row in sampledRows { for z in row { sink += exp(Double(z) - 20) } }
        }
        print("BENCH libm exp over a row: \(String(format: "%.1f", Self.microseconds(libmTime, calls: sampledRows.count))) µs/row (\(sink > 0))")
        for (label, setting) in settings {
            var sampler = try Sampler(settings: setting)
            let rng = SequenceRNG(key: 3)
            var step = 0
            let time = try Self.best {
                for _ in 0..<repeats {
                    for row in sampledRows {
                        _ = try row.withUnsafeBufferPointer { try sampler.sample(logits: $0, previousTokens: history, rng: rng, step: step) }
                        step += 1
                    }
                }
            }
            print("BENCH sample \(label): \(String(format: "%.1f", Self.microseconds(time, calls: repeats * sampledRows.count))) µs/call")
        }
    }
}
