import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions between Swift strings and the NUL-terminated C strings of HDF5 variable-length strings.
enum HDF5Strings {
    /// HDF5 variable-length strings end at the first NUL, so an embedded NUL (a model can emit byte
    /// 0x00) would silently cut the text short; it is stored as U+FFFD instead.
    static func storable(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    /// Calls `body` with one C string pointer per element, valid only during the call.
    static func withCStrings<R>(_ texts: [String],
                                _ body: (UnsafeBufferPointer<UnsafePointer<CChar>?>) throws -> R) rethrows -> R {
        let owned: [UnsafeMutablePointer<CChar>?] = texts.map { strdup(storable($0)) }
        defer { owned.forEach { free($0) } }
        let pointers = owned.map { UnsafePointer($0) }
        return try pointers.withUnsafeBufferPointer(body)
    }
}
