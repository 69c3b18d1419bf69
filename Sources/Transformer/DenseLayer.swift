import Kernels
import Weights

/// A linear layer y = x·Wᵀ + b with PyTorch's layout: weight (outputs, inputs), bias (outputs).
public struct DenseLayer: Sendable {
    /// (outputs, inputs)
    public var weight: [Float]
    /// (outputs), nil when the layer has none.
    public var bias: [Float]?
    public let outputs: Int
    public let inputs: Int

    /// out[rows × outputs] = x[rows × inputs] · Wᵀ + b.
    func apply(_ x: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, threads: Int) {
        MatMul.multiply(x, rows: rows, weights: weight, outputs: outputs, inputs: inputs, into: out, threads: threads)
        if let bias { Elementwise.addBias(out, bias: bias, rows: rows, width: outputs) }
    }
}

/// Scale (and for LayerNorm, shift) of a normalisation layer over `width` features.
public struct NormWeights: Sendable {
    /// (width)
    public var weight: [Float]
    /// (width); nil for RMSNorm and bias-free LayerNorm.
    public var bias: [Float]?

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

/// Tensor reads of Hugging Face loaders: every tensor checked for presence and exact shape.
extension TensorSource {
    func dense(_ prefix: String, outputs: Int, inputs: Int, bias: Bool) throws -> DenseLayer {
        DenseLayer(weight: try floats("\(prefix).weight", shape: [outputs, inputs]),
                   bias: bias ? try floats("\(prefix).bias", shape: [outputs]) : nil,
                   outputs: outputs, inputs: inputs)
    }

    /// Several linear layers with one input, stacked along the output axis (fused Q|K|V, gate|up).
    func stackedDense(_ prefixes: [(name: String, outputs: Int)], inputs: Int, bias: Bool) throws -> DenseLayer {
        let parts = try prefixes.map { try dense($0.name, outputs: $0.outputs, inputs: inputs, bias: bias) }
        return DenseLayer(weight: parts.flatMap(\.weight), bias: bias ? parts.flatMap { $0.bias ?? [] } : nil,
                          outputs: parts.reduce(0) { $0 + $1.outputs }, inputs: inputs)
    }

    func norm(_ prefix: String, width: Int, bias: Bool) throws -> NormWeights {
        NormWeights(weight: try floats("\(prefix).weight", shape: [width]),
                    bias: bias ? try floats("\(prefix).bias", shape: [width]) : nil)
    }
}
