import Foundation

extension OutputDiversity {
    /// eᵢ: the mean, in float64, of the model's input-embedding rows of a completion's generated
    /// token ids. `table` is the embedding matrix, row-major with `width` columns. Nil for no ids
    /// or an id outside the table.
    public static func meanEmbedding(tokenIDs: [Int], table: [Float], width: Int) -> [Double]? {
        guard !tokenIDs.isEmpty, width > 0 else { return nil }
        let rows = table.count / width
        var sum = [Double](repeating: 0, count: width)
        for id in tokenIDs {
            guard id >= 0, id < rows else { return nil }
            for column in 0..<width { sum[column] += Double(table[id * width + column]) }
        }
        return sum.map { $0 / Double(tokenIDs.count) }
    }

    /// The mean of cos(eᵢ, e_j) over the n(n−1)/2 pairs i < j. Nil for fewer than two vectors,
    /// vectors of different widths, or a zero vector (no direction).
    public static func meanPairwiseCosine(_ vectors: [[Double]]) -> Double? {
        guard vectors.count >= 2, let kernel = cosineKernel(vectors) else { return nil }
        let n = vectors.count
        var total = 0.0
        for i in 0..<n {
            for j in (i + 1)..<n { total += kernel[i * n + j] }
        }
        return total / Double(n * (n - 1) / 2)
    }

    /// The Vendi score exp(−Σ λ ln λ) over the eigenvalues λ of K/n, K_ij = cos(eᵢ, e_j), with
    /// 0 ln 0 = 0 (eigenvalues ≤ 0, which rounding leaves where K is singular, count as 0). Between
    /// 1 (all alike) and n (orthogonal). Nil as for `meanPairwiseCosine`, but defined for n = 1.
    public static func vendiScore(_ vectors: [[Double]]) -> Double? {
        guard !vectors.isEmpty, let kernel = cosineKernel(vectors) else { return nil }
        let n = vectors.count
        let eigenvalues = SymmetricEigenvalues.of(kernel.map { $0 / Double(n) }, size: n)
        let entropy = eigenvalues.filter { $0 > 0 }.reduce(0.0) { $0 - $1 * log($1) }
        return exp(entropy)
    }

    /// K_ij = eᵢ·e_j / (|eᵢ| |e_j|), n × n row-major.
    static func cosineKernel(_ vectors: [[Double]]) -> [Double]? {
        guard let width = vectors.first?.count, vectors.allSatisfy({ $0.count == width }) else { return nil }
        let norms = vectors.map { vector in vector.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        guard norms.allSatisfy({ $0 > 0 }) else { return nil }
        let n = vectors.count
        var kernel = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in i..<n {
                var dot = 0.0
                for k in 0..<width { dot += vectors[i][k] * vectors[j][k] }
                let value = dot / (norms[i] * norms[j])
                kernel[i * n + j] = value
                kernel[j * n + i] = value
            }
        }
        return kernel
    }
}
