import CHDF5

/// Reads and silences HDF5's per-thread error stack, so a failure becomes one Swift error line
/// instead of a multi-line dump on stderr.
enum HDF5ErrorStack {
    /// Turns off HDF5's automatic error printing for the calling thread. The library is built
    /// thread-safe, so this setting is per thread: call it before each top-level operation.
    static func silence() {
        _ = H5Eset_auto2(hid_t(H5E_DEFAULT), nil, nil)
    }

    /// The current thread's error stack as one line: the outermost description (what the API
    /// call was doing) and the innermost one (the cause), e.g.
    /// "unable to open file: truncated file: eof = 1024, ...". Empty when the stack is empty.
    static func currentMessage() -> String {
        final class Collected { var descriptions: [String] = [] }
        let collected = Collected()
        let context = Unmanaged.passUnretained(collected).toOpaque()
        _ = withExtendedLifetime(collected) {
            H5Ewalk2(hid_t(H5E_DEFAULT), H5E_WALK_DOWNWARD, { _, entry, context in
                guard let entry, let context, let text = entry.pointee.desc else { return 0 }
                let box = Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue()
                box.descriptions.append(String(cString: text))
                return 0
            }, context)
        }
        let descriptions = collected.descriptions.filter { !$0.isEmpty }
        guard let outer = descriptions.first, let inner = descriptions.last else { return "" }
        return outer == inner ? outer : "\(outer): \(inner)"
    }
}

/// Throws a `StoreError` when an HDF5 call returned a negative status or id.
@discardableResult
func checkHDF5<Status: BinaryInteger>(_ status: Status, kind: StoreError.Kind = .hdf5, path: String,
                                      _ action: @autoclosure () -> String) throws -> Status {
    guard status < 0 else { return status }
    let cause = HDF5ErrorStack.currentMessage()
    throw StoreError(kind, path: path, cause.isEmpty ? action() : "\(action()): \(cause)")
}
