import Foundation

/// Parameters of f(x) = a·x·e^(−bx) + c.
struct DecayParameters: Sendable, Equatable {
    var a: Double
    var b: Double
    var c: Double
}

/// The end of one Levenberg–Marquardt run.
struct DecayRun: Sendable {
    var parameters: DecayParameters
    /// Sum of squared residuals at `parameters`.
    var residual: Double
    var converged: Bool
    var iterations: Int
}

extension Statistics {
    /// Levenberg–Marquardt for f(x) = a·x·e^(−bx) + c with Marquardt's scaling (damping
    /// proportional to the diagonal of JᵀJ). Converged when an accepted step lowers the sum of
    /// squares by a relative 1e-12 or less, or moves every parameter by a relative 1e-10 or
    /// less, or when no damping finds a lower sum (a minimum to machine precision).
    static func levenbergMarquardt(x: [Double], y: [Double], start: DecayParameters, maxIterations: Int = 500) -> DecayRun {
        func sumOfSquares(_ p: DecayParameters) -> Double {
            var total = CompensatedSum()
            for (xi, yi) in zip(x, y) {
                let r = yi - (p.a * xi * exp(-p.b * xi) + p.c)
                total.add(r * r)
            }
            return total.value
        }
        var parameters = start
        var residual = sumOfSquares(parameters)
        guard residual.isFinite else { return DecayRun(parameters: start, residual: .infinity, converged: false, iterations: 0) }
        var damping = 1e-3
        for iteration in 1...maxIterations {
            if residual == 0 { return DecayRun(parameters: parameters, residual: 0, converged: true, iterations: iteration - 1) }
            // Normal equations JᵀJ δ = Jᵀr, with J the derivative of the model (r = y − f).
            var normal = [[Double]](repeating: [0, 0, 0], count: 3)
            var gradient = [0.0, 0.0, 0.0]
            for (xi, yi) in zip(x, y) {
                let decay = exp(-parameters.b * xi)
                let row = [xi * decay, -parameters.a * xi * xi * decay, 1]
                let r = yi - (parameters.a * xi * decay + parameters.c)
                for i in 0..<3 {
                    gradient[i] += row[i] * r
                    for j in 0..<3 { normal[i][j] += row[i] * row[j] }
                }
            }
            let diagonalFloor = 1e-15 * max(normal[0][0], normal[1][1], normal[2][2])
            while true {
                var damped = normal
                for i in 0..<3 { damped[i][i] += damping * max(normal[i][i], diagonalFloor) }
                if let step = solve3x3(damped, gradient) {
                    let trial = DecayParameters(a: parameters.a + step[0], b: parameters.b + step[1], c: parameters.c + step[2])
                    let trialResidual = sumOfSquares(trial)
                    if trialResidual.isFinite, trialResidual < residual {
                        let smallDecrease = (residual - trialResidual) <= 1e-12 * residual
                        let smallStep = zip(step, [parameters.a, parameters.b, parameters.c])
                            .allSatisfy { abs($0) <= 1e-10 * (abs($1) + 1e-10) }
                        parameters = trial
                        residual = trialResidual
                        damping = max(damping / 10, 1e-12)
                        if smallDecrease || smallStep {
                            return DecayRun(parameters: parameters, residual: residual, converged: true, iterations: iteration)
                        }
                        break
                    }
                }
                damping *= 10
                if damping > 1e16 {
                    return DecayRun(parameters: parameters, residual: residual, converged: true, iterations: iteration)
                }
            }
        }
        return DecayRun(parameters: parameters, residual: residual, converged: false, iterations: maxIterations)
    }

    /// Solves the 3×3 system m·v = rhs by Gaussian elimination with partial pivoting; nil when
    /// a pivot is zero or the solution is not finite (the caller then damps harder).
    static func solve3x3(_ m: [[Double]], _ rhs: [Double]) -> [Double]? {
        var a = m, b = rhs
        for column in 0..<3 {
            let pivot = (column..<3).max { abs(a[$0][column]) < abs(a[$1][column]) } ?? column
            guard a[pivot][column] != 0 else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<3 {
                let factor = a[row][column] / a[column][column]
                for k in column..<3 { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var v = [0.0, 0.0, 0.0]
        for row in stride(from: 2, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<3 { sum -= a[row][k] * v[k] }
            v[row] = sum / a[row][row]
        }
        return v.allSatisfy(\.isFinite) ? v : nil
    }
}
