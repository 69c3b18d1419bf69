extension Statistics {
    /// Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank), with the
    /// two-sided p-value scipy.stats.spearmanr reports (Student's t with n − 2 df).
    public static func spearman(_ x: [Double], _ y: [Double]) -> CorrelationResult {
        if let reason = precondition(x, y) { return .undefined(reason) }
        let n = x.count
        guard let rho = pearsonCoefficient(averageRanks(x), averageRanks(y)) else { return .undefined(.varianceUnderflow) }
        return CorrelationResult(statistic: rho, pValue: correlationTwoSidedPValue(r: rho, n: n))
    }
}
