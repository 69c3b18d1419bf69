import CHDF5

/// Which file an HDF5 object belongs to and how its failures are classified: while writing, a
/// failed call is an `.hdf5` error; while reading, a file that opened but will not read is `.corrupt`.
struct HDF5Origin: Sendable {
    var path: String
    var failureKind: StoreError.Kind

    /// Throws when an HDF5 status is negative.
    func check<Status: BinaryInteger>(_ status: Status, _ action: @autoclosure () -> String) throws {
        try checkHDF5(status, kind: failureKind, path: path, action())
    }

    /// Returns an HDF5 id or count, throwing when it is negative.
    func checked<Value: BinaryInteger>(_ value: Value, _ action: @autoclosure () -> String) throws -> Value {
        try checkHDF5(value, kind: failureKind, path: path, action())
    }

    func error(_ kind: StoreError.Kind, _ problem: String) -> StoreError {
        StoreError(kind, path: path, problem)
    }
}

/// Owns one HDF5 identifier and closes it exactly once: explicitly through `close()`, or in
/// `deinit`. Every C call that passes `id` happens inside a method of the owner (or inside
/// `withExtendedLifetime` of it), so the id cannot be closed while a call still uses it.
class HDF5Object {
    let id: hid_t
    let origin: HDF5Origin
    private let closer: (hid_t) -> herr_t
    private(set) var isOpen = true

    init(id: hid_t, origin: HDF5Origin, closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.origin = origin
        self.closer = closer
    }

    /// Closes the id now and reports failure (for a file, this is when buffered data reaches disk).
    func close() throws {
        guard isOpen else { return }
        isOpen = false
        try origin.check(closer(id), "closing an HDF5 object failed")
    }

    deinit {
        if isOpen { _ = closer(id) }
    }
}

final class HDF5Dataspace: HDF5Object {
    init(id: hid_t, origin: HDF5Origin) { super.init(id: id, origin: origin, closer: H5Sclose) }

    static func scalar(_ origin: HDF5Origin) throws -> HDF5Dataspace {
        let id = try origin.checked(H5Screate(H5S_SCALAR), "creating a scalar dataspace failed")
        return HDF5Dataspace(id: id, origin: origin)
    }

    static func simple(_ shape: [Int], _ origin: HDF5Origin) throws -> HDF5Dataspace {
        let sizes = shape.map { hsize_t($0) }
        let id = try origin.checked(H5Screate_simple(Int32(sizes.count), sizes, nil),
                                  "creating a dataspace of shape \(shape) failed")
        return HDF5Dataspace(id: id, origin: origin)
    }

    /// The extent; a scalar dataspace has shape [].
    func shape() throws -> [Int] {
        let rank = try origin.checked(H5Sget_simple_extent_ndims(id), "reading a dataspace rank failed")
        var sizes = [hsize_t](repeating: 0, count: Int(rank))
        try origin.check(H5Sget_simple_extent_dims(id, &sizes, nil), "reading a dataspace shape failed")
        return sizes.map { Int(clamping: $0) }
    }
}

final class HDF5Datatype: HDF5Object {
    init(id: hid_t, origin: HDF5Origin) { super.init(id: id, origin: origin, closer: H5Tclose) }

    /// Variable-length, NUL-terminated UTF-8 strings: what h5py reads as `str` (with `.asstr()`).
    static func variableUTF8String(_ origin: HDF5Origin) throws -> HDF5Datatype {
        let id = try origin.checked(H5Tcopy(nucleus_h5t_c_s1()), "copying the string type failed")
        let type = HDF5Datatype(id: id, origin: origin)
        try type.makeVariableUTF8()
        return type
    }

    private func makeVariableUTF8() throws {
        try origin.check(H5Tset_size(id, nucleus_h5t_variable()), "making a variable-length string type failed")
        try origin.check(H5Tset_cset(id, H5T_CSET_UTF8), "setting the UTF-8 character set failed")
    }

    var typeClass: H5T_class_t { H5Tget_class(id) }

    var isVariableLengthString: Bool { typeClass == H5T_STRING && H5Tis_variable_str(id) > 0 }
}

final class HDF5PropertyList: HDF5Object {
    init(id: hid_t, origin: HDF5Origin) { super.init(id: id, origin: origin, closer: H5Pclose) }

    static func create(_ propertyClass: hid_t, _ origin: HDF5Origin) throws -> HDF5PropertyList {
        let id = try origin.checked(H5Pcreate(propertyClass), "creating a property list failed")
        return HDF5PropertyList(id: id, origin: origin)
    }
}
