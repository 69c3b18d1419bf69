import CMPI

/// A failed MPI call, with MPI's own explanation of the error code.
public struct MPIError: Error, CustomStringConvertible, Equatable {
    /// The call and its arguments, e.g. "MPI_Send of 80 bytes to rank 4 (tag 16)".
    public var call: String
    public var code: Int32
    public var message: String

    public var description: String { "MPI transport: \(call) failed (code \(code)): \(message)" }

    /// Throws an `MPIError` unless `code` is `MPI_SUCCESS`. Needs `MPI_ERRORS_RETURN` on the
    /// communicator; under the default handler a failing call aborts before returning.
    static func check(_ code: Int32, _ call: @autoclosure () -> String) throws {
        guard code != MPI_SUCCESS else { return }
        throw MPIError(call: call(), code: code, message: errorString(code))
    }

    private static func errorString(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(nucleus_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        guard MPI_Error_string(code, &buffer, &length) == MPI_SUCCESS else { return "unknown MPI error" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
