import Foundation

/// A float32 array in NumPy's `.npy` format (version 1.0, little-endian, C order): the exchange
/// format for logits with reference implementations.
public struct NumPyArray: Equatable, Sendable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    public func write(to url: URL) throws {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad with spaces so magic (6) + version (2) + length (2) + header + newline is a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: UInt8.self), count: $0.count * 4)) }
        try data.write(to: url, options: .atomic)
    }

    public static func read(from url: URL) throws -> NumPyArray {
        let file = url.path
        let data = try FileContents.read(file)
        return try data.withUnsafeBytes { raw in
            var reader = ByteReader(raw, file: file)
            let magic = try reader.readBytes(6, "magic")
            guard Array(magic) == [0x93] + Array("NUMPY".utf8) else { throw reader.error("not a .npy file") }
            let major = try reader.read(UInt8.self, "version")
            _ = try reader.read(UInt8.self, "version")
            let headerLength = major == 1 ? Int(try reader.read(UInt16.self, "header length")) : Int(try reader.read(UInt32.self, "header length"))
            let header = String(decoding: try reader.readBytes(headerLength, "header"), as: UTF8.self)
            guard header.contains("'descr': '<f4'") else { throw reader.error("only little-endian float32 ('<f4') arrays are supported; header: \(header)") }
            guard header.contains("'fortran_order': False") else { throw reader.error("Fortran-order arrays are not supported") }
            guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")") else {
                throw reader.error("header has no shape: \(header)")
            }
            let shape = try header[open.upperBound..<close].split(separator: ",").compactMap { part -> Int? in
                let text = part.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return nil }
                guard let value = Int(text), value >= 0 else { throw reader.error("bad shape entry '\(text)'") }
                return value
            }
            let count = shape.reduce(1, *)
            let body = try reader.readBytes(count * 4, "\(count) float32 values")
            let values = (0..<count).map { Float(bitPattern: UInt32(littleEndian: body.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            return NumPyArray(shape: shape, values: values)
        }
    }
}
