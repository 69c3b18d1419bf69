/// Maps a data interval linearly onto a pixel interval (for y, `pixelStart` is the bottom edge).
struct LinearScale: Sendable {
    var dataLower: Double
    var dataUpper: Double
    var pixelStart: Double
    var pixelEnd: Double

    func pixel(_ value: Double) -> Double {
        let span = dataUpper - dataLower
        guard span != 0 else { return (pixelStart + pixelEnd) / 2 }
        return pixelStart + (value - dataLower) / span * (pixelEnd - pixelStart)
    }
}
