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

    /// PyTorch's float32 softmax of one 24-value row (torch 2.15, AVX-512), bit for bit; a plain
    /// sequential sum with glibc's expf differs in 3 of the 24.
    @Test func torchSoftmaxIsBitForBit() {
        let x: [Float] = [5.53125, 1.5546875, -5.125, -5.09375, 6.0625, -0.8046875, -0.392578125, -4.3125, 7.84375,
                          -1.3046875, 1.0546875, -0.193359375, 2.3125, 2.765625, -1.671875, 2.34375, 2.234375,
                          0.0947265625, -3.515625, -4.53125, -0.443359375, 1.1171875, 0.68359375, -0.194335938]
        let expected: [Float] = [0.0766169727, 0.00143656682, 1.80457278e-06, 1.86185616e-06, 0.130329862,
                                 0.000135725757, 0.000204945856, 4.06666777e-06, 0.773804009, 8.23218361e-05,
                                 0.000871321827, 0.000250125944, 0.00306506455, 0.00482202321, 5.70226694e-05,
                                 0.00316236028, 0.00283472124, 0.000333635951, 9.02229567e-06, 3.26765917e-06,
                                 0.000194798267, 0.000927517307, 0.000601193984, 0.000249881763]
        let maximum = x.max() ?? 0
        let e = x.map { TorchSoftmax.exp($0 - maximum) }
        var lanes = SIMD16<Float>()
        for (column, value) in e.enumerated() { lanes[column % 16] += value }
        let inverse = 1 / TorchSoftmax.sum(lanes)
        #expect(e.map { $0 * inverse } == expected)
    }
}
