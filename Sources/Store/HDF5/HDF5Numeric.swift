import CHDF5

/// A fixed-size number HDF5 can store and convert: the Swift type and its native HDF5 type.
protocol HDF5Numeric: BitwiseCopyable, Sendable {
    static var nativeType: hid_t { get }
    static var zero: Self { get }
}

extension Int32: HDF5Numeric {
    static var nativeType: hid_t { nucleus_h5t_native_int32() }
    static var zero: Int32 { 0 }
}

extension Int64: HDF5Numeric {
    static var nativeType: hid_t { nucleus_h5t_native_int64() }
    static var zero: Int64 { 0 }
}

extension UInt64: HDF5Numeric {
    static var nativeType: hid_t { nucleus_h5t_native_uint64() }
    static var zero: UInt64 { 0 }
}

extension Float: HDF5Numeric {
    static var nativeType: hid_t { nucleus_h5t_native_float() }
    static var zero: Float { 0 }
}

extension Double: HDF5Numeric {
    static var nativeType: hid_t { nucleus_h5t_native_double() }
    static var zero: Double { 0 }
}
