import Kernels

/// A linear layer y = x·Wᵀ + b with PyTorch's layout: weight (outputs, inputs), bias (outputs).
public struct DenseLayer: Sendable {
    /// (outputs, inputs)
    public var weight: WeightMatrix
    /// (outputs), nil when the layer has none.
    public var bias: [Float]?
    public let outputs: Int
    public let inputs: Int
    /// Arithmetic of the activations entering this layer's product (`.float32` unless the model
    /// entry asks for `compute: bf16`).
    public var compute: ComputePrecision = .float32

    public init(weight: WeightMatrix, bias: [Float]?, outputs: Int, inputs: Int) {
        self.weight = weight
        self.bias = bias
        self.outputs = outputs
        self.inputs = inputs
    }

    /// A float32 layer.
    public init(weight: [Float], bias: [Float]?, outputs: Int, inputs: Int) {
        self.init(weight: .float32(weight), bias: bias, outputs: outputs, inputs: inputs)
    }

    /// Stored parameters: weight and bias elements.
    public var parameterCount: Int { weight.count + (bias?.count ?? 0) }

    /// out[rows × outputs] = x[rows × inputs] · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, threads: Int) {
        switch weight {
        case .float32(let values):
            MatMul.multiply(x, rows: rows, weights: values, outputs: outputs, inputs: inputs, into: out, threads: threads,
                            activations: compute)
        case .stored(let matrix):
            MatMul.multiply(x, rows: rows, weights: matrix, outputs: outputs, inputs: inputs, into: out, threads: threads,
                            activations: compute)
        }
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
    func rmsNorm(_ x: UnsafePointer<Float>, rows: Int, eps: Float, into out: UnsafeMutablePointer<Float>) {
        Elementwise.rmsNorm(out, x, weight: weight, rows: rows, width: weight.count, eps: eps)
    }
}
