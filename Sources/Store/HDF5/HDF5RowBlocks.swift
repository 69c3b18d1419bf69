import CHDF5

extension HDF5Datatype {
    /// IEEE binary16, little-endian: HDF5 1.10 has no predefined half type, so it is derived from
    /// binary32 the way h5py does; h5py and numpy read it as float16.
    static func float16(_ origin: HDF5Origin) throws -> HDF5Datatype {
        let type = HDF5Datatype(id: try origin.checked(H5Tcopy(nucleus_h5t_ieee_f32le()), "copying the float type failed"), origin: origin)
        try withExtendedLifetime(type) {
            try origin.check(H5Tset_fields(type.id, 15, 10, 5, 0, 10), "laying out the float16 type failed")
            try origin.check(H5Tset_size(type.id, 2), "sizing the float16 type failed")
            try origin.check(H5Tset_ebias(type.id, 15), "setting the float16 exponent bias failed")
        }
        return type
    }

    /// A copy of a predefined type, owned (closed) like a derived one.
    static func copy(of predefined: hid_t, _ origin: HDF5Origin) throws -> HDF5Datatype {
        HDF5Datatype(id: try origin.checked(H5Tcopy(predefined), "copying a type failed"), origin: origin)
    }

    var size: Int { H5Tget_size(id) }
}

extension HDF5Location {
    /// Creates and fills a two-dimensional rows × columns dataset of `type` from the raw elements in
    /// `bytes` (which must already be laid out as `type`), chunked by whole rows of about
    /// `chunkBytes`, byte-shuffled and deflated. Zero rows stay contiguous (chunks need extent ≥ 1).
    @discardableResult
    func createRowChunkedDataset(_ child: String, type: HDF5Datatype, rows: Int, columns: Int, chunkBytes: Int,
                                 bytes: UnsafeRawBufferPointer) throws -> HDF5Dataset {
        guard bytes.count == rows * columns * type.size else {
            throw origin.error(.invalidRecord, "dataset \(childName(child)) has \(bytes.count) bytes for \(rows) × \(columns) elements of \(type.size)")
        }
        let space = try HDF5Dataspace.simple([rows, columns], origin)
        let creation = try HDF5PropertyList.create(nucleus_h5p_dataset_create(), origin)
        if rows > 0 {
            try configureCompression(creation, shape: [rows, columns], elementSize: type.size, chunkBytes: chunkBytes, child: child)
        }
        let dataset = try withExtendedLifetime((space, creation, type)) {
            let created = try origin.checked(H5Dcreate2(id, child, type.id, space.id, hid_t(H5P_DEFAULT), creation.id, hid_t(H5P_DEFAULT)),
                                             "creating dataset \(childName(child)) failed")
            return HDF5Dataset(id: created, origin: origin, name: childName(child))
        }
        if rows > 0 {
            try withExtendedLifetime(type) {
                try origin.check(H5Dwrite(dataset.id, type.id, nucleus_h5s_all(), nucleus_h5s_all(), hid_t(H5P_DEFAULT), bytes.baseAddress),
                                 "writing \(childName(child)) failed")
            }
        }
        return dataset
    }
}

extension HDF5Dataset {
    /// Bytes the dataset takes in the file (after compression).
    var storageBytes: Int { Int(H5Dget_storage_size(id)) }

    /// Reads rows `range` of a two-dimensional dataset of `columns` columns, converted to
    /// `memoryType`, into `buffer` (range.count × columns elements of that type).
    func readRows(_ range: Range<Int>, columns: Int, memoryType: HDF5Datatype, into buffer: UnsafeMutableRawBufferPointer) throws {
        guard range.count * columns * memoryType.size == buffer.count else {
            throw origin.error(.invalidRecord, "reading rows \(range) of \(name): buffer of \(buffer.count) bytes")
        }
        guard !range.isEmpty else { return }
        let fileSpace = try dataspace()
        let memorySpace = try HDF5Dataspace.simple([range.count, columns], origin)
        let start: [hsize_t] = [hsize_t(range.lowerBound), 0]
        let count: [hsize_t] = [hsize_t(range.count), hsize_t(columns)]
        try withExtendedLifetime((fileSpace, memorySpace, memoryType)) {
            try origin.check(H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, start, nil, count, nil),
                             "selecting rows \(range) of \(name) failed")
            try origin.check(H5Dread(id, memoryType.id, memorySpace.id, fileSpace.id, hid_t(H5P_DEFAULT), buffer.baseAddress),
                             "reading rows \(range) of \(name) failed")
        }
    }
}
