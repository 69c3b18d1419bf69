import Foundation
import Kernels

/// `compute: bf16` runs a model as transformers runs it loaded with `dtype=torch.bfloat16` on the
/// CPU: every parameter is bf16 (rounded at load, `TensorReader`), and every tensor PyTorch
/// materialises is rounded to bf16 where PyTorch rounds it. Inside one PyTorch kernel (a matrix
/// product, a norm, a fused activation, softmax) arithmetic is float32, so each helper here
/// computes in float32 and rounds once where the kernel writes its bf16 output. A Python-level
/// expression of several operations (RoPE's `q*cos + rotate_half(q)*sin`, `gelu_new`) rounds after
/// each operation. In `.float32` every helper is the plain float32 operation, bit for bit.
extension ComputePrecision {
    /// Rounds `count` activations to the tensor dtype: bf16 rounding, nothing in float32.
    @inline(__always) func round(_ x: UnsafeMutablePointer<Float>, count: Int) {
        if self == .bfloat16 { BFloat16.round(x, count: count) }
    }

    /// One value as stored in a tensor of this dtype.
    @inline(__always) func rounded(_ x: Float) -> Float {
        self == .bfloat16 ? BFloat16.rounded(x) : x
    }

    /// Residual add `y = y + x`, one bf16 tensor addition.
    func add(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
        Elementwise.add(y, x, count: count)
        round(y, count: count)
    }

    /// Parallel residual `y = (a + b) + y`: Python's left-to-right `a + b + residual` rounds the
    /// branch sum before adding the residual (GPT-NeoX, Phi).
    func addBranches(_ y: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) {
        guard self == .bfloat16 else {
            // float32 keeps the order the f32 path always had: y += a, then y += b.
            Elementwise.add(y, a, count: count)
            Elementwise.add(y, b, count: count)
            return
        }
        for i in 0..<count { y[i] = BFloat16.rounded(BFloat16.rounded(a[i] + b[i]) + y[i]) }
    }
}

extension DenseLayer {
    /// `apply`, its output rounded as PyTorch's bf16 `Linear` writes it (product and bias summed
    /// in float32, one rounding).
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, threads: Int,
               rounding: ComputePrecision) {
        apply(x, rows: rows, into: out, threads: threads)
        rounding.round(out, count: rows * outputs)
    }

    /// This layer with the activations entering its product in `compute` (lets the product
    /// kernel use bf16 dot products; the activations reaching it are bf16 values already).
    func computing(_ compute: ComputePrecision) -> DenseLayer {
        var layer = self
        layer.compute = compute
        return layer
    }
}

extension NormWeights {
    /// Llama-style RMSNorm (`LlamaRMSNorm`, Qwen's, Mistral's): normalised in float32, cast to
    /// the input dtype, then multiplied by the weight — two roundings in bf16.
    func rmsNorm(_ x: UnsafePointer<Float>, rows: Int, eps: Float, into out: UnsafeMutablePointer<Float>,
                 compute: ComputePrecision, threads: Int = 1) {
        guard compute == .bfloat16 else { return rmsNorm(x, rows: rows, eps: eps, into: out, threads: threads) }
        let width = weight.count
        for row in 0..<rows {
            let input = x + row * width, output = out + row * width
            var sumOfSquares = 0.0
            for i in 0..<width { sumOfSquares += Double(input[i]) * Double(input[i]) }
            let scale = Float(1.0 / (sumOfSquares / Double(width) + Double(eps)).squareRoot())
            for i in 0..<width { output[i] = BFloat16.rounded(BFloat16.rounded(input[i] * scale) * weight[i]) }
        }
    }

    /// RMSNorm computed wholly in float32 and rounded once (`Gemma2RMSNorm`, which multiplies by
    /// `1 + weight` before casting back).
    func rmsNormRoundedOnce(_ x: UnsafePointer<Float>, rows: Int, eps: Float, into out: UnsafeMutablePointer<Float>,
                            compute: ComputePrecision) {
        rmsNorm(x, rows: rows, eps: eps, into: out)
        compute.round(out, count: rows * weight.count)
    }

    /// LayerNorm: PyTorch's kernel computes in float32 and rounds its output once.
    func layerNorm(_ x: UnsafePointer<Float>, rows: Int, eps: Float, into out: UnsafeMutablePointer<Float>,
                   compute: ComputePrecision) {
        layerNorm(x, rows: rows, eps: eps, into: out)
        compute.round(out, count: rows * weight.count)
    }
}

extension Activation {
    /// `apply` over a bf16 tensor: a fused PyTorch activation rounds once; `gelu_new` and
    /// `gelu_fast` are Python formulas in transformers, rounded after every operation
    /// (`formula` names which, nil for the fused kernels).
    func apply(_ x: UnsafeMutablePointer<Float>, count: Int, compute: ComputePrecision, formula: GELUFormula?) {
        guard compute == .bfloat16 else { return apply(x, count: count) }
        if let formula {
            for i in 0..<count { x[i] = formula.bfloat16(x[i]) }
        } else {
            apply(x, count: count)
            BFloat16.round(x, count: count)
        }
    }

    /// `gated` over bf16 tensors: `act(gate)` is one tensor, the product with `up` another.
    func gated(_ out: UnsafeMutablePointer<Float>, _ gateUp: UnsafePointer<Float>, rows: Int, hidden: Int,
               compute: ComputePrecision, threads: Int = 1) {
        guard compute == .bfloat16 else { return gated(out, gateUp, rows: rows, hidden: hidden, threads: threads) }
        Parallel.forEachRange(rows, threads: Self.usefulThreads(threads, rows: rows, hidden: hidden)) { range in
            for row in range {
                let gate = gateUp + row * 2 * hidden, up = gate + hidden, output = out + row * hidden
                for i in 0..<hidden { output[i] = BFloat16.rounded(BFloat16.rounded(self(gate[i])) * up[i]) }
            }
        }
    }
}

/// GELU activations that transformers writes as Python tensor expressions rather than one
/// PyTorch kernel; in bf16 every operation of the expression rounds.
enum GELUFormula: Sendable {
    /// `gelu_new`: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    case new
    /// `gelu_fast`: 0.5·x·(1 + tanh(x·0.7978845608·(1 + 0.044715·x·x))).
    case fast

    /// The formula for a `hidden_act` name, nil for activations that are one kernel.
    init?(huggingFaceName name: String) {
        switch name {
        case "gelu_new": self = .new
        case "gelu_fast": self = .fast
        default: return nil
        }
    }

    /// One value, rounding after each operation in transformers' order of evaluation.
    func bfloat16(_ x: Float) -> Float {
        let r = BFloat16.rounded
        switch self {
        case .new:
            // torch.pow(x, 3.0) on a bf16 tensor multiplies in bf16: (x·x rounded)·x rounded.
            let cube = r(r(x * x) * x)
            let inner = r(Float((2.0 / Double.pi).squareRoot()) * r(x + r(0.044_715 * cube)))
            return r(r(0.5 * x) * r(1 + r(tanhf(inner))))
        case .fast:
            let inner = r(r(x * 0.797_884_560_8) * r(1 + r(r(0.044_715 * x) * x)))
            return r(r(0.5 * x) * r(1 + r(tanhf(inner))))
        }
    }
}

extension RoPE {
    /// `apply` as transformers does on bf16 tensors: cos and sin computed in float32 from a
    /// float32 angle, then cast to bf16; `q*cos + rotate_half(q)*sin` rounds each product and
    /// the sum. In float32, the plain rotation.
    func apply(_ x: UnsafeMutablePointer<Float>, heads: Int, headSize: Int, position: Int, compute: ComputePrecision) {
        guard compute == .bfloat16 else { return apply(x, heads: heads, headSize: headSize, position: position) }
        let half = rotaryDimensions / 2, r = BFloat16.rounded
        for i in 0..<half {
            let angle = Float(position) * inverseFrequencies[i]
            let c = r(cosf(angle)), s = r(sinf(angle))
            for head in 0..<heads {
                let v = x + head * headSize
                let (a, b) = pairing == .interleaved ? (2 * i, 2 * i + 1) : (i, i + half)
                let x0 = v[a], x1 = v[b]
                v[a] = r(r(x0 * c) + r(-x1 * s))
                v[b] = r(r(x1 * c) + r(x0 * s))
            }
        }
    }
}

extension ComputePrecision {
    /// `x *= factor` as `tensor * scalar_tensor.to(dtype)` (Gemma's embedding scale): the factor is
    /// cast to the tensor dtype first, then the product rounds.
    func scale(_ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int) {
        Elementwise.scale(x, by: rounded(factor), count: count)
        round(x, count: count)
    }

    /// Tanh soft-capping written as three tensor operations (`x / cap`, `tanh`, `* cap`), each
    /// rounding in bf16 (Gemma-2's final logits).
    func softCap(_ x: UnsafeMutablePointer<Float>, count: Int, cap: Float) {
        guard self == .bfloat16 else { return Elementwise.softCap(x, count: count, cap: cap) }
        let r = BFloat16.rounded
        for i in 0..<count { x[i] = r(r(tanhf(r(x[i] / cap))) * cap) }
    }
}
