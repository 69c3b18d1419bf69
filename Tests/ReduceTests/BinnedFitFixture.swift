/// Fixtures/stats/binned_fit.json: token sets with their 50-bin cosine quartiles, the scipy
/// curve_fit of a·H·e^(−bH) + c to the bin medians and the linregress of cosine on that curve;
/// and point sets with their curve_fit.
struct BinnedFitFixture: Decodable {
    struct Bin: Decodable {
        var lower: Double
        var upper: Double
        var center: Double
        var count: Int
        var q25: Double?
        var median: Double?
        var q75: Double?
    }
    struct Fit: Decodable {
        var a: Double
        var b: Double
        var c: Double
        var r_squared: Double
        var ss_res: Double
    }
    struct Line: Decodable {
        var slope: Double
        var intercept: Double
        var r_squared: Double
        var n: Int
    }
    struct TokenCase: Decodable {
        var name: String
        var entropy: [Double]
        var cosine: [Double]
        var bins: [Bin]
        var fit: Fit
        var linear_model: Line
    }
    struct PointCase: Decodable {
        var name: String
        var x: [Double]
        var y: [Double]
        var fit: Fit
    }
    var token_cases: [TokenCase]
    var point_cases: [PointCase]

    static func load() throws -> BinnedFitFixture { try loadStatisticsFixture("binned_fit.json", as: BinnedFitFixture.self) }
}
