import CHDF5
import Foundation

/// An open HDF5 file; as a location it is the root group "/".
final class HDF5File: HDF5Location {
    private init(id: hid_t, origin: HDF5Origin) {
        super.init(id: id, origin: origin, name: "/", closer: H5Fclose)
    }

    /// Creates a new file, failing if one exists at `path` (never truncates another writer's file).
    /// `userBlockSize` bytes (0, or a power of two ≥ 512) at the start are left to the caller.
    static func createNew(_ path: String, userBlockSize: Int = 0) throws -> HDF5File {
        HDF5ErrorStack.silence()
        let origin = HDF5Origin(path: path, failureKind: .hdf5)
        let access = try accessProperties(origin)
        let creation = try HDF5PropertyList.create(nucleus_h5p_file_create(), origin)
        let id = try withExtendedLifetime((access, creation)) {
            try origin.check(H5Pset_userblock(creation.id, hsize_t(userBlockSize)), "reserving a \(userBlockSize)-byte user block failed")
            return try origin.checked(H5Fcreate(path, nucleus_h5f_acc_excl(), creation.id, access.id), "creating the HDF5 file failed")
        }
        return HDF5File(id: id, origin: origin)
    }

    /// Opens an existing file for reading or for update; a missing file, a file without the HDF5
    /// signature and a damaged file each give their own error kind.
    static func open(_ path: String, writable: Bool = false) throws -> HDF5File {
        HDF5ErrorStack.silence()
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.missingFile, path: path, "no such file")
        }
        let origin = HDF5Origin(path: path, failureKind: .corrupt)
        let signature = try origin.checked(H5Fis_hdf5(path), "checking for an HDF5 signature failed")
        guard signature > 0 else { throw StoreError(.notHDF5, path: path, "not an HDF5 file (no HDF5 signature)") }
        let access = try accessProperties(origin)
        let mode = writable ? nucleus_h5f_acc_rdwr() : nucleus_h5f_acc_rdonly()
        let id = try withExtendedLifetime(access) {
            try origin.checked(H5Fopen(path, mode, access.id), "cannot open as HDF5")
        }
        return HDF5File(id: id, origin: origin)
    }

    /// Default (earliest) library version bounds, so h5py and HDF5 1.10 readers open the files.
    /// File locking is off: unit files are written under a unique temporary name and only read
    /// after the rename, and cluster filesystems often refuse locks outright.
    private static func accessProperties(_ origin: HDF5Origin) throws -> HDF5PropertyList {
        let access = try HDF5PropertyList.create(nucleus_h5p_file_access(), origin)
        try withExtendedLifetime(access) {
            try origin.check(H5Pset_file_locking(access.id, false, true), "disabling HDF5 file locking failed")
        }
        return access
    }
}
