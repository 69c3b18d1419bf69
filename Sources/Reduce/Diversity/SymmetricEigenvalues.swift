import Foundation

/// Eigenvalues of a real symmetric matrix by the cyclic Jacobi method: plane rotations zero each
/// off-diagonal element in turn until the off-diagonal mass is negligible against the matrix.
/// Small matrices only (one per prompt's samples; n of a few dozen): O(n³) per sweep, no LAPACK,
/// so Reduce keeps building without BLAS. Accurate to a few ulps of the largest eigenvalue.
enum SymmetricEigenvalues {
    /// `matrix` is n × n, row-major, symmetric. Returns the eigenvalues in ascending order.
    static func of(_ matrix: [Double], size n: Int) -> [Double] {
        precondition(matrix.count == n * n, "a symmetric matrix of \(n) × \(n)")
        var a = matrix
        let scale = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<100 {
            var offDiagonal = 0.0
            for p in 0..<n {
                for q in (p + 1)..<n { offDiagonal += a[p * n + q] * a[p * n + q] }
            }
            if offDiagonal <= scale * 1e-32 || offDiagonal == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    rotate(&a, n, p, q)
                }
            }
        }
        return (0..<n).map { a[$0 * n + $0] }.sorted()
    }

    /// Zeroes a[p][q] (and a[q][p]) by the rotation of Golub & Van Loan's symmetric Schur step.
    private static func rotate(_ a: inout [Double], _ n: Int, _ p: Int, _ q: Int) {
        let apq = a[p * n + q]
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        for k in 0..<n {
            let akp = a[k * n + p], akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {
            let apk = a[p * n + k], aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
        }
    }
}
