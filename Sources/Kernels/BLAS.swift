import CBLAS

/// OpenBLAS control. No linear layer goes through OpenBLAS any more (`MatMul` has its own
/// kernels); should anything call it, it runs single-threaded inside Nucleus's own threads, so
/// the library's thread pool is switched off once at start-up.
public enum BLAS {
    public static func useSingleThreadedCalls() {
        openblas_set_num_threads(1)
    }

    public static var configuration: String {
        guard let text = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: text)
    }

    public static var coreName: String {
        guard let text = openblas_get_corename() else { return "unknown" }
        return String(cString: text)
    }
}
