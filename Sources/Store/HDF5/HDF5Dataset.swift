import CHDF5

final class HDF5Dataset: HDF5Node {
    /// Refuse to allocate for more elements than any unit file holds (a damaged header could claim 2⁶⁰).
    static let maximumElementCount = 1 << 31

    init(id: hid_t, origin: HDF5Origin, name: String) {
        super.init(id: id, origin: origin, name: name, closer: H5Dclose)
    }

    func dataspace() throws -> HDF5Dataspace {
        HDF5Dataspace(id: try origin.checked(H5Dget_space(id), "reading the shape of \(name) failed"), origin: origin)
    }

    func datatype() throws -> HDF5Datatype {
        HDF5Datatype(id: try origin.checked(H5Dget_type(id), "reading the type of \(name) failed"), origin: origin)
    }

    func shape() throws -> [Int] { try dataspace().shape() }

    func write<T: HDF5Numeric>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { buffer in
            try origin.check(H5Dwrite(id, T.nativeType, nucleus_h5s_all(), nucleus_h5s_all(), hid_t(H5P_DEFAULT), buffer.baseAddress),
                             "writing \(name) failed")
        }
    }

    func writeStrings(_ values: [String]) throws {
        let type = try HDF5Datatype.variableUTF8String(origin)
        try withExtendedLifetime(type) {
            try HDF5Strings.withCStrings(values) { pointers in
                try origin.check(H5Dwrite(id, type.id, nucleus_h5s_all(), nucleus_h5s_all(), hid_t(H5P_DEFAULT), pointers.baseAddress),
                                 "writing \(name) failed")
            }
        }
    }

    /// Reads the whole dataset as `T` (HDF5 converts), after checking its shape is `expectedShape`.
    func read<T: HDF5Numeric>(_: T.Type = T.self, expectedShape: [Int]) throws -> [T] {
        try requireShape(expectedShape)
        let typeClass = try datatype().typeClass
        guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
            throw origin.error(.malformed, "dataset \(name) does not hold numbers")
        }
        let count = expectedShape.reduce(1, *)
        guard count > 0 else { return [] }
        var values = [T](repeating: T.zero, count: count)
        try values.withUnsafeMutableBufferPointer { buffer in
            try origin.check(H5Dread(id, T.nativeType, nucleus_h5s_all(), nucleus_h5s_all(), hid_t(H5P_DEFAULT), buffer.baseAddress),
                             "reading \(name) failed")
        }
        return values
    }

    /// Reads a one-dimensional dataset of variable-length strings of length `expectedCount`.
    func readStrings(expectedCount: Int) throws -> [String] {
        try requireShape([expectedCount])
        guard try datatype().isVariableLengthString else {
            throw origin.error(.malformed, "dataset \(name) does not hold variable-length strings")
        }
        guard expectedCount > 0 else { return [] }
        let memoryType = try HDF5Datatype.variableUTF8String(origin)
        let space = try dataspace()
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: expectedCount)
        try withExtendedLifetime(memoryType) {
            try origin.check(H5Dread(id, memoryType.id, nucleus_h5s_all(), nucleus_h5s_all(), hid_t(H5P_DEFAULT), &pointers),
                             "reading \(name) failed")
        }
        let texts = pointers.map { $0.map { String(cString: $0) } ?? "" }
        withExtendedLifetime((memoryType, space)) {
            _ = H5Dvlen_reclaim(memoryType.id, space.id, hid_t(H5P_DEFAULT), &pointers)
        }
        return texts
    }

    func requireShape(_ expectedShape: [Int]) throws {
        let actual = try shape()
        guard actual == expectedShape else {
            throw origin.error(.inconsistent, "dataset \(name) has shape \(actual), expected \(expectedShape)")
        }
        guard expectedShape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) <= Self.maximumElementCount,
              expectedShape.allSatisfy({ $0 >= 0 && $0 <= Self.maximumElementCount }) else {
            throw origin.error(.malformed, "dataset \(name) claims shape \(actual), too large for a unit file")
        }
    }
}
