import CZlib

extension OutputDiversity {
    /// |b| / |gzip.compress(b, compresslevel=9, mtime=0)| with b the UTF-8 bytes of
    /// `' '.join(completions)`. Nil only if zlib fails (out of memory).
    ///
    /// The `diversity` package's own `compression_ratio` differs: it gzips an already gzipped
    /// stream into a file whose header names it, so its ratios are lower; DESIGN §10 defines this one.
    public static func compressionRatio(_ completions: [String]) -> Double? {
        let bytes = Array(completions.joined(separator: " ").utf8)
        guard let compressed = gzipLength(bytes) else { return nil }
        return Double(bytes.count) / Double(compressed)
    }

    /// The length of Python's `gzip.compress(bytes, 9, mtime=0)`: a 10-byte header, the raw deflate
    /// stream (zlib level 9, 15-bit window, memory level 8, default strategy) and an 8-byte trailer.
    /// zlib's `compress2` makes that same deflate stream inside a 2-byte header and a 4-byte
    /// Adler-32, so the gzip length is its length + 12.
    static func gzipLength(_ bytes: [UInt8]) -> Int? {
        var capacity = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                // An empty input still needs a valid pointer.
                withUnsafePointer(to: UInt8(0)) { empty in
                    compress2(destination.baseAddress, &capacity, source.baseAddress ?? empty, uLong(bytes.count), 9)
                }
            }
        }
        guard status == Z_OK else { return nil }
        return Int(capacity) + 12
    }
}
