import CHDF5
@testable import Store

/// Deletes a link inside a group (used to damage files in tests); true on success.
func H5LdeleteForTests(_ group: HDF5Group, _ name: String) -> Bool {
    withExtendedLifetime(group) { H5Ldelete(group.id, name, hid_t(H5P_DEFAULT)) >= 0 }
}
