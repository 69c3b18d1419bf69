import CHDF5

/// A file's root group or a group: something that holds groups and datasets.
class HDF5Location: HDF5Node {
    func hasLink(_ child: String) -> Bool {
        H5Lexists(id, child, hid_t(H5P_DEFAULT)) > 0
    }

    func childName(_ child: String) -> String { name == "/" ? "/\(child)" : "\(name)/\(child)" }

    func createGroup(_ child: String) throws -> HDF5Group {
        let id = try origin.checked(H5Gcreate2(id, child, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                                  "creating group \(childName(child)) failed")
        return HDF5Group(id: id, origin: origin, name: childName(child))
    }

    func openGroup(_ child: String) throws -> HDF5Group {
        guard hasLink(child) else { throw origin.error(.malformed, "missing group \(childName(child))") }
        let id = try origin.checked(H5Gopen2(id, child, hid_t(H5P_DEFAULT)), "opening group \(childName(child)) failed")
        return HDF5Group(id: id, origin: origin, name: childName(child))
    }

    func openDataset(_ child: String) throws -> HDF5Dataset {
        guard hasLink(child) else { throw origin.error(.malformed, "missing dataset \(childName(child))") }
        let id = try origin.checked(H5Dopen2(id, child, hid_t(H5P_DEFAULT)), "opening dataset \(childName(child)) failed")
        return HDF5Dataset(id: id, origin: origin, name: childName(child))
    }

    /// Creates and fills a numeric dataset of `shape` (row-major `values`). With `compressed`, the
    /// data are chunked, byte-shuffled and deflated; a dataset with a zero dimension stays contiguous
    /// because HDF5 chunks must have every dimension ≥ 1.
    @discardableResult
    func createDataset<T: HDF5Numeric>(_ child: String, values: [T], shape: [Int], compressed: Bool) throws -> HDF5Dataset {
        guard values.count == shape.reduce(1, *) else {
            throw origin.error(.invalidRecord, "dataset \(childName(child)) has \(values.count) values for shape \(shape)")
        }
        let space = try HDF5Dataspace.simple(shape, origin)
        let creation = try HDF5PropertyList.create(nucleus_h5p_dataset_create(), origin)
        if compressed && !values.isEmpty {
            try configureCompression(creation, shape: shape, elementSize: MemoryLayout<T>.stride, chunkBytes: 256 * 1024, child: child)
        }
        let dataset = try withExtendedLifetime((space, creation)) {
            let id = try origin.checked(H5Dcreate2(id, child, T.nativeType, space.id, hid_t(H5P_DEFAULT), creation.id, hid_t(H5P_DEFAULT)),
                                      "creating dataset \(childName(child)) failed")
            return HDF5Dataset(id: id, origin: origin, name: childName(child))
        }
        if !values.isEmpty { try dataset.write(values) }
        return dataset
    }

    /// Creates and fills a one-dimensional dataset of variable-length UTF-8 strings.
    @discardableResult
    func createStringDataset(_ child: String, values: [String]) throws -> HDF5Dataset {
        let space = try HDF5Dataspace.simple([values.count], origin)
        let type = try HDF5Datatype.variableUTF8String(origin)
        let dataset = try withExtendedLifetime((space, type)) {
            let id = try origin.checked(H5Dcreate2(id, child, type.id, space.id, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                                      "creating dataset \(childName(child)) failed")
            return HDF5Dataset(id: id, origin: origin, name: childName(child))
        }
        if !values.isEmpty { try dataset.writeStrings(values) }
        return dataset
    }

    /// Chunks of about `chunkBytes` along the first dimension (at least one row), whole along the others.
    func configureCompression(_ creation: HDF5PropertyList, shape: [Int], elementSize: Int, chunkBytes: Int, child: String) throws {
        let rowBytes = max(1, shape.dropFirst().reduce(1, *) * elementSize)
        let rowsPerChunk = min(shape[0], max(1, chunkBytes / rowBytes))
        let chunk = ([rowsPerChunk] + shape.dropFirst()).map { hsize_t($0) }
        try withExtendedLifetime(creation) {
            try origin.check(H5Pset_chunk(creation.id, Int32(chunk.count), chunk), "chunking \(childName(child)) failed")
            try origin.check(H5Pset_shuffle(creation.id), "adding the shuffle filter to \(childName(child)) failed")
            try origin.check(H5Pset_deflate(creation.id, 4), "adding the deflate filter to \(childName(child)) failed")
        }
    }
}

final class HDF5Group: HDF5Location {
    init(id: hid_t, origin: HDF5Origin, name: String) {
        super.init(id: id, origin: origin, name: name, closer: H5Gclose)
    }
}
