import Foundation
import Kernels
import Testing
@testable import Transformer

/// The Python-formula GELUs on bf16 tensors against transformers 5.23 / torch 2.15
/// (`NewGELUActivation`, `FastGELUActivation` applied to these bf16 inputs). The inputs are ones
/// where the stepwise rounding differs from one fused rounding (`gelu(approximate="tanh")` gives
/// e.g. 0.734375, −7.58e-05, −0.169921875 for the first three), and the first separates the two
/// formulas.
@Suite struct BFloat16ActivationTests {
    static let inputs: [Float] = [0.8984375, -3.984375, -0.765625, 0.62109375, 1.0390625, -4.125, 0.1328125, -2.984375,
                                  -3, 0.0234375, 1.578125]
    static let new: [Float] = [0.73046875, -0, -0.170898438, 0.45703125, 0.88671875, -0, 0.0737304688, -0.00582885742,
                               -0.005859375, 0.0119018555, 1.4921875]
    static let fast: [Float] = [0.734375, -0, -0.170898438, 0.45703125, 0.88671875, -0, 0.0737304688, -0.00582885742,
                                -0.005859375, 0.0119018555, 1.4921875]

    @Test func geluNewAndFastRoundAfterEveryOperationAsTransformersDoes() {
        #expect(Self.inputs.map { GELUFormula.new.bfloat16($0) } == Self.new)
        #expect(Self.inputs.map { GELUFormula.fast.bfloat16($0) } == Self.fast)
        #expect(GELUFormula(huggingFaceName: "gelu_new") != nil && GELUFormula(huggingFaceName: "gelu_pytorch_tanh") == nil)
    }

    /// PyTorch's `fexp_u20` is coarser than float32's exp but within bf16 precision of it.
    @Test func fexpU20IsExpToBFloat16Precision() {
        for x in stride(from: Float(-20), through: 0, by: 0.013) {
            let fast = TorchFlashAttention.fexpU20(x), exact = expf(x)
            #expect(abs(fast - exact) <= exact * 0.003_906_25, "x = \(x)")
        }
        #expect(TorchFlashAttention.fexpU20(-.infinity) == 0)
    }
}
