import Foundation
import NucleusCore
import NucleusTestSupport
import Testing
import Transformer
@testable import ModelLoading

/// The job file's `weights` reaches the loader: the tiny bf16 qwen2 keeps its matrices stored
/// under `stored` and converts them under `float32`.
@Suite struct WeightPrecisionChoiceTests {
    static let tinyQwen2 = TestPaths.repository.appendingPathComponent("Tests/TransformerTests/Fixtures/tiny/qwen2")

    @Test(arguments: [(WeightStorage.stored, true), (.float32, false)])
    func jobChoiceDecidesHowMatricesAreKept(_ storage: WeightStorage, _ expectStored: Bool) throws {
        let precision = WeightPrecision(storage)
        #expect(precision.rawValue == storage.rawValue)
        let model = try ModelSource(path: Self.tinyQwen2.path).loadNetwork(threads: 1, weights: precision)
        let layers = try #require((model as? LlamaModel)?.weights.layers)
        for layer in layers {
            for matrix in [layer.qkv.weight, layer.attentionOutput.weight, layer.gateUp.weight, layer.down.weight] {
                if case .stored = matrix { #expect(expectStored) } else { #expect(!expectStored) }
            }
        }
    }
}
