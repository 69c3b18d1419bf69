import CKernels
import Foundation

/// Pointwise activations of feed-forward layers, with the names Hugging Face configs use
/// (`hidden_act`, `hidden_activation`).
public enum Activation: Sendable, Equatable {
    /// GELU with the exact normal CDF, x·Φ(x) = ½x(1 + erf(x/√2)): HF "gelu" (GPT-NeoX, Pythia).
    case gelu
    /// GELU, tanh approximation: HF "gelu_new" (Phi-2), "gelu_pytorch_tanh" (Gemma-2), "gelu_fast".
    case geluTanh
    /// x·sigmoid(x): HF "silu" / "swish".
    case silu
    case relu

    /// The configuration names this enum accepts, for error messages.
    public static let huggingFaceNames = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "silu", "swish", "relu"]

    /// nil for a name Nucleus does not implement.
    public init?(huggingFaceName name: String) {
        switch name {
        case "gelu": self = .gelu
        // gelu_fast is the same tanh formula written with x·(1 + 0.044715x²).
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        case "silu", "swish": self = .silu
        case "relu": self = .relu
        default: return nil
        }
    }

    @inline(__always) public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .gelu: Elementwise.gelu(x)
        case .geluTanh: Elementwise.geluTanh(x)
        case .silu: Elementwise.silu(x)
        case .relu: max(0, x)
        }
    }

    /// x[i] = f(x[i]) over `count` values.
    public func apply(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = self(x[i]) }
    }

    /// Gated linear unit over a fused [rows × 2·hidden] buffer laid out as [gate | up] per row:
    /// out[r, i] = f(gate) · up (SwiGLU with `.silu`, GeGLU with a GELU). Rows are spread over
    /// `threads` (each element is computed alone, so the split changes no bit).
    /// SwiGLU goes through `nk_silu_gated` (Sources/CKernels/ActivationKernels.c), the bits of
    /// `Elementwise.silu(gate) * up` at every `level`.
    public func gated(_ out: UnsafeMutablePointer<Float>, _ gateUp: UnsafePointer<Float>, rows: Int, hidden: Int,
                      threads: Int = 1, level: KernelLevel = .selected) {
        Parallel.forEachRange(rows, threads: Self.usefulThreads(threads, rows: rows, hidden: hidden)) { range in
            for row in range {
                let gate = gateUp + row * 2 * hidden, up = gate + hidden, output = out + row * hidden
                if self == .silu {
                    nk_silu_gated(Int32(level.rawValue), output, gate, up, hidden)
                } else {
                    for i in 0..<hidden { output[i] = self(gate[i]) * up[i] }
                }
            }
        }
    }

    /// `threads`, or 1 for a buffer too small (under 16k elements) to repay waking a thread.
    public static func usefulThreads(_ threads: Int, rows: Int, hidden: Int) -> Int {
        rows * hidden < 1 << 14 ? 1 : threads
    }
}

extension Elementwise {
    /// Exact GELU: ½x(1 + erf(x/√2)), as PyTorch's `gelu(approximate='none')`.
    @inline(__always) public static func gelu(_ x: Float) -> Float {
        0.5 * x * (1 + erff(x * 0.707_106_781_186_547_5))
    }
}
