import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The instruction set a matrix product runs on, chosen once at run time. In float32 compute
/// every level gives the same bits (see `MatMul`), so the level changes speed only.
public enum KernelLevel: Int, Sendable, CaseIterable, Comparable {
    /// Plain C with `fmaf`: any CPU.
    case portable = 0
    /// AVX2 + FMA + F16C: 16 columns per step in two ymm registers.
    case avx2 = 1
    /// AVX-512 (F, BW, VL): 32 columns per step in two zmm registers.
    case avx512 = 2

    public static func < (lhs: KernelLevel, rhs: KernelLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The best level this CPU and operating system support.
    public static let best = KernelLevel(rawValue: Int(nk_best_level())) ?? .portable

    /// Whether AVX512-BF16 (`vdpbf16ps`) is there too, for `.bfloat16` compute on bf16 weights.
    public static let hasBFloat16Dot = nk_has_avx512_bf16() != 0

    /// The level products use by default: `best`, or lower when the environment variable
    /// NUCLEUS_KERNEL names one (`avx512`, `avx2`, `portable`); a level above `best` is ignored.
    public static let selected: KernelLevel = {
        guard let text = getenv("NUCLEUS_KERNEL"), let asked = KernelLevel(name: String(cString: text)) else { return best }
        return min(asked, best)
    }()

    /// Every level this CPU can run (tests run each of them).
    public static var available: [KernelLevel] { allCases.filter { $0 <= best } }

    /// Floating-point operations of one `runFMAPeak()` (0 at the portable level, which has none).
    public var fmaPeakFlopsPerCall: Int { Int(nk_fma_peak_flops(Int32(rawValue))) * Self.fmaPeakIterations }

    /// A register-only fma loop at this level: what a core gives a kernel right now, so a
    /// benchmark can say how close its kernels come to it, even on a shared machine.
    public func runFMAPeak() {
        _ = nk_fma_peak(Int32(rawValue), Self.fmaPeakIterations)
    }

    static let fmaPeakIterations = 1 << 18

    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = level
    }

    public var name: String {
        switch self {
        case .portable: return "portable"
        case .avx2: return "avx2"
        case .avx512: return "avx512"
        }
    }
}
