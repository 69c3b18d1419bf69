import CHDF5

/// An HDF5 object that carries attributes: a file (its root group), a group, or a dataset.
class HDF5Node: HDF5Object {
    /// The object's name inside the file ("/", "/tokens", "/tokens/entropy"), for messages.
    let name: String

    init(id: hid_t, origin: HDF5Origin, name: String, closer: @escaping (hid_t) -> herr_t) {
        self.name = name
        super.init(id: id, origin: origin, closer: closer)
    }

    func hasAttribute(_ attribute: String) -> Bool {
        H5Aexists(id, attribute) > 0
    }

    /// Writes a scalar number attribute, replacing the value of an existing one of the same name.
    func setAttribute<T: HDF5Numeric>(_ attribute: String, _ value: T) throws {
        let handle = try createOrOpenAttribute(attribute, type: T.nativeType)
        var copy = value
        try withExtendedLifetime(handle) {
            try origin.check(H5Awrite(handle.id, T.nativeType, &copy), "writing attribute \(attribute) of \(name) failed")
        }
    }

    /// Writes a scalar variable-length UTF-8 string attribute.
    func setAttribute(_ attribute: String, _ value: String) throws {
        let type = try HDF5Datatype.variableUTF8String(origin)
        let handle = try createOrOpenAttribute(attribute, type: type.id)
        try withExtendedLifetime((type, handle)) {
            try HDF5Strings.withCStrings([value]) { pointers in
                try origin.check(H5Awrite(handle.id, type.id, pointers.baseAddress),
                                 "writing attribute \(attribute) of \(name) failed")
            }
        }
    }

    func numberAttribute<T: HDF5Numeric>(_ attribute: String, as _: T.Type = T.self) throws -> T {
        let handle = try openScalarAttribute(attribute)
        let type = try handle.datatype()
        let typeClass = type.typeClass
        guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
            throw origin.error(.malformed, "attribute \(attribute) of \(name) is not a number")
        }
        var value = T.zero
        try withExtendedLifetime(handle) {
            try origin.check(H5Aread(handle.id, T.nativeType, &value), "reading attribute \(attribute) of \(name) failed")
        }
        return value
    }

    func stringAttribute(_ attribute: String) throws -> String {
        let handle = try openScalarAttribute(attribute)
        guard try handle.datatype().isVariableLengthString else {
            throw origin.error(.malformed, "attribute \(attribute) of \(name) is not a variable-length string")
        }
        let memoryType = try HDF5Datatype.variableUTF8String(origin)
        let space = try handle.dataspace()
        var pointer: UnsafeMutablePointer<CChar>? = nil
        try withExtendedLifetime((handle, memoryType)) {
            try origin.check(H5Aread(handle.id, memoryType.id, &pointer), "reading attribute \(attribute) of \(name) failed")
        }
        defer { withExtendedLifetime((memoryType, space)) { _ = H5Dvlen_reclaim(memoryType.id, space.id, hid_t(H5P_DEFAULT), &pointer) } }
        return pointer.map { String(cString: $0) } ?? ""
    }

    private func createOrOpenAttribute(_ attribute: String, type: hid_t) throws -> HDF5Attribute {
        if hasAttribute(attribute) {
            let id = try origin.checked(H5Aopen(id, attribute, hid_t(H5P_DEFAULT)), "opening attribute \(attribute) of \(name) failed")
            return HDF5Attribute(id: id, origin: origin)
        }
        let space = try HDF5Dataspace.scalar(origin)
        let id = try withExtendedLifetime(space) {
            try origin.checked(H5Acreate2(self.id, attribute, type, space.id, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                             "creating attribute \(attribute) of \(name) failed")
        }
        return HDF5Attribute(id: id, origin: origin)
    }

    private func openScalarAttribute(_ attribute: String) throws -> HDF5Attribute {
        guard hasAttribute(attribute) else {
            throw origin.error(.malformed, "missing attribute \(attribute) of \(name)")
        }
        let id = try origin.checked(H5Aopen(id, attribute, hid_t(H5P_DEFAULT)), "opening attribute \(attribute) of \(name) failed")
        let handle = HDF5Attribute(id: id, origin: origin)
        let elementCount = try handle.dataspace().shape().reduce(1, *)
        guard elementCount == 1 else {
            throw origin.error(.malformed, "attribute \(attribute) of \(name) holds \(elementCount) values, expected 1")
        }
        return handle
    }
}

final class HDF5Attribute: HDF5Object {
    init(id: hid_t, origin: HDF5Origin) { super.init(id: id, origin: origin, closer: H5Aclose) }

    func datatype() throws -> HDF5Datatype {
        HDF5Datatype(id: try origin.checked(H5Aget_type(id), "reading an attribute type failed"), origin: origin)
    }

    func dataspace() throws -> HDF5Dataspace {
        HDF5Dataspace(id: try origin.checked(H5Aget_space(id), "reading an attribute shape failed"), origin: origin)
    }
}
