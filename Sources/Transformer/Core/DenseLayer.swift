import Kernels

/// A linear layer y = x·Wᵀ + b with PyTorch's layout: weight (outputs, inputs), bias (outputs).
/// The weight is packed into the GEMM kernels' panels once, here (`PackedMatrix`); no copy in
/// the checkpoint's layout is kept.
public struct DenseLayer: Sendable {
    /// (outputs, inputs), packed.
    public let packed: PackedMatrix
    /// (outputs), nil when the layer has none.
    public var bias: [Float]?
    public let outputs: Int
    public let inputs: Int
    /// Arithmetic of the activations entering this layer's product (`.float32` unless the model
    /// entry asks for `compute: bf16`).
    public var compute: ComputePrecision = .float32

    /// Packs `weight`: float32 stays float32, stored F16/BF16 stays 16-bit and GGUF integer groups
    /// 4- or 8-bit (and their mapped pages are released). With `compact`, float32 values that are
    /// all bf16 values are packed as bf16 (a tied embedding from a bf16 checkpoint): half the
    /// memory, the same products bit for bit.
    public init(weight: WeightMatrix, bias: [Float]?, outputs: Int, inputs: Int, compact: Bool = false) {
        switch weight {
        case .float32(let values):
            packed = compact ? PackedMatrix.compact(values, rows: outputs, columns: inputs)
                             : PackedMatrix(values, rows: outputs, columns: inputs)
        case .stored(let matrix):
            precondition(matrix.rows == outputs && matrix.columns == inputs,
                         "stored weights are \(matrix.rows)×\(matrix.columns), the layer needs \(outputs)×\(inputs)")
            packed = PackedMatrix(matrix)
        }
        self.bias = bias
        self.outputs = outputs
        self.inputs = inputs
    }

    /// A float32 layer.
    public init(weight: [Float], bias: [Float]?, outputs: Int, inputs: Int, compact: Bool = false) {
        self.init(weight: .float32(weight), bias: bias, outputs: outputs, inputs: inputs, compact: compact)
    }

    /// The weight read back from the panels (a copy: tests and conversions, not the hot path):
    /// the 16-bit values it was packed from, or float32 (integer groups dequantised).
    public var weight: WeightMatrix {
        packed.unpackedHalfPrecision().map(WeightMatrix.stored) ?? .float32(packed.floats())
    }

    /// Stored parameters: weight and bias elements.
    public var parameterCount: Int { outputs * inputs + (bias?.count ?? 0) }

    /// out[rows × outputs] = x[rows × inputs] · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, threads: Int) {
        MatMul.multiply(x, rows: rows, weights: packed, into: out, threads: threads, activations: compute)
        if let bias { Elementwise.addBias(out, bias: bias, rows: rows, width: outputs) }
    }
}

/// Scale (and for LayerNorm, shift) of a normalisation layer over `width` features.
public struct NormWeights: Sendable {
    /// (width)
    public var weight: [Float]
    /// (width); nil for RMSNorm and bias-free LayerNorm.
    public var bias: [Float]?

    /// Stored parameters: weight and bias elements.
    public var parameterCount: Int { weight.count + (bias?.count ?? 0) }

    /// LayerNorm of each row of a [rows × width] buffer.
    func layerNorm(_ x: UnsafePointer<Float>, rows: Int, eps: Float, into out: UnsafeMutablePointer<Float>) {
        let width = weight.count
        if let bias {
            Elementwise.layerNorm(out, x, weight: weight, bias: bias, rows: rows, width: width, eps: eps)
        } else {
            Elementwise.layerNorm(out, x, weight: weight, bias: nil, rows: rows, width: width, eps: eps)
        }
    }

    /// RMSNorm of each row of a [rows × width] buffer.
    func rmsNorm(_ x: UnsafePointer<Float>, rows: Int, eps: Float, into out: UnsafeMutablePointer<Float>, threads: Int = 1) {
        Elementwise.rmsNorm(out, x, weight: weight, rows: rows, width: weight.count, eps: eps, threads: threads)
    }
}
