/// An sRGB colour written as `#RRGGBB`.
struct FigureColor: Hashable, Sendable {
    let red: UInt8
    let green: UInt8
    let blue: UInt8

    /// The `#RRGGBB` form used in SVG attributes.
    var hex: String {
        let digits = Array("0123456789ABCDEF")
        return "#" + [red, green, blue].map { String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }.joined()
    }

    static let black = FigureColor(red: 0, green: 0, blue: 0)
    static let gray = FigureColor(red: 0x55, green: 0x55, blue: 0x55)
    static let lightGray = FigureColor(red: 0xDD, green: 0xDD, blue: 0xDD)
    static let white = FigureColor(red: 0xFF, green: 0xFF, blue: 0xFF)
}

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable under the
/// common forms of colour blindness. Ordered so the first colours contrast best on white; yellow
/// comes late because it is faint on a white page.
enum OkabeIto {
    static let blue = FigureColor(red: 0x00, green: 0x72, blue: 0xB2)
    static let vermillion = FigureColor(red: 0xD5, green: 0x5E, blue: 0x00)
    static let bluishGreen = FigureColor(red: 0x00, green: 0x9E, blue: 0x73)
    static let orange = FigureColor(red: 0xE6, green: 0x9F, blue: 0x00)
    static let reddishPurple = FigureColor(red: 0xCC, green: 0x79, blue: 0xA7)
    static let skyBlue = FigureColor(red: 0x56, green: 0xB4, blue: 0xE9)
    static let yellow = FigureColor(red: 0xF0, green: 0xE4, blue: 0x42)
    static let black = FigureColor.black

    static let ordered: [FigureColor] = [blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, yellow, black]

    /// The palette colour for series `index`, cycling after eight.
    static func color(_ index: Int) -> FigureColor {
        ordered[((index % ordered.count) + ordered.count) % ordered.count]
    }
}
