// swift-tools-version:6.0
// Nucleus: per-token distribution statistics of language models, at cluster scale.
// Dependencies point one way: executables → Runner → features → core. Each target declares exactly
// the modules its files import: scripts/check_target_dependencies.py (run by the tests) enforces it.
import PackageDescription

let package = Package(
    name: "Nucleus",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nucleus", targets: ["NucleusCLI"]),
        // Reduce-only binary: links HDF5 alone (no MPI, no BLAS), for laptops.
        .executable(name: "nucleus-reduce", targets: ["NucleusReduceCLI"]),
        // Runs the coordinator/worker protocol over MPI with trivial work (tests, cluster checks).
        .executable(name: "nucleus-mpi-selftest", targets: ["NucleusMPISelftest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, libhdf5-dev, libopenmpi-dev).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial"),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi"),
        // zlib (Debian: zlib1g-dev, which libhdf5-dev pulls in; macOS: in the SDK): the deflate of
        // the compression-ratio diversity metric, bit-equal to Python's gzip.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Core and features.
        .target(name: "NucleusCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "Tokenizer", dependencies: ["Weights"]),
        .target(name: "Weights"),
        // Innermost GEMM kernels (AVX-512 / AVX2 intrinsics under per-function target attributes,
        // which Swift cannot express). -O2 even in debug builds: at -O0 the register-tiled kernels
        // spill every accumulator and the debug test suite would crawl.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "Kernels", dependencies: ["CBLAS", "CKernels", "Weights"]),
        .target(name: "Transformer", dependencies: ["Kernels", "Weights"]),
        .target(name: "Generation", dependencies: ["Kernels", "NucleusCore", "Transformer", "Tokenizer"]),
        .target(name: "Prompts", dependencies: ["NucleusCore"]),
        // `nucleus cooccur`: term co-occurrence counts over a streamed corpus.
        .target(name: "Cooccurrence", dependencies: ["NucleusCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "Store", dependencies: ["CHDF5", "NucleusCore"]),
        .target(name: "Scheduling", dependencies: ["NucleusCore"]),
        .target(name: "MPITransport", dependencies: ["Scheduling", "CMPI"]),
        .target(name: "Reduce", dependencies: ["Store", "NucleusCore", "Prompts", "CZlib"]),
        // The command line of both reducers (`nucleus reduce`, `nucleus-reduce`).
        .target(name: "ReduceArguments", dependencies: [
            "Reduce", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // A model path (GGUF file or Hugging Face folder) → network, tokenizer, generation defaults.
        .target(name: "ModelLoading", dependencies: ["Kernels", "NucleusCore", "Tokenizer", "Transformer", "Weights"]),
        // The batch scripts of `nucleus submit` (pure text).
        .target(name: "Slurm", dependencies: ["NucleusCore"]),
        // The ranks of a run: MPI when launched by mpirun/srun, else one process in-process.
        .target(name: "Launch", dependencies: ["MPITransport", "Scheduling"]),
        // Wires a work unit end to end: model load → prompts → generation → unit file.
        .target(name: "Runner", dependencies: [
            "NucleusCore", "Tokenizer", "Transformer", "Generation", "ModelLoading",
            "Prompts", "Store", "Scheduling",
        ]),

        // Throughput measurement: per-phase timing of forward steps, FLOP counts, memory, the report.
        .target(name: "Benchmarking", dependencies: ["Transformer"]),

        // Executables.
        .executableTarget(name: "NucleusCLI", dependencies: [
            "Runner", "Store", "Launch", "ModelLoading", "Slurm", "ReduceArguments", "Scheduling", "Generation", "Benchmarking",
            "Transformer", "Tokenizer", "Weights", "NucleusCore", "Kernels", "Cooccurrence",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "NucleusMPISelftest", dependencies: ["MPITransport", "Scheduling", "NucleusCore"]),
        .executableTarget(name: "NucleusReduceCLI", dependencies: [
            "ReduceArguments", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests.
        .target(name: "NucleusTestSupport", path: "Sources/NucleusTestSupport"),
        .testTarget(name: "NucleusCoreTests", dependencies: ["NucleusCore"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "Weights", "NucleusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "WeightsTests", dependencies: ["Weights", "NucleusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "Weights"]),
        .testTarget(name: "TransformerTests", dependencies: ["Transformer", "Weights", "Kernels", "NucleusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "GenerationTests", dependencies: ["Generation", "Kernels", "Weights", "NucleusTestSupport"]),
        .testTarget(name: "PromptsTests", dependencies: ["Prompts", "NucleusCore", "NucleusTestSupport"]),
        .testTarget(name: "CooccurrenceTests", dependencies: ["Cooccurrence", "Prompts", "NucleusTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "CHDF5", "NucleusCore"]),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "NucleusCore"]),
        .testTarget(name: "MPITransportTests", dependencies: ["NucleusMPISelftest"]),
        .testTarget(name: "ReduceTests", dependencies: ["Reduce", "ReduceArguments", "Store", "NucleusCore", "Prompts",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ModelLoadingTests", dependencies: [
            "ModelLoading", "Generation", "Transformer", "Tokenizer", "NucleusCore", "NucleusTestSupport",
        ]),
        .testTarget(name: "SlurmTests", dependencies: ["Slurm", "NucleusTestSupport"]),
        .testTarget(name: "LaunchTests", dependencies: ["Launch", "Scheduling", "NucleusCore"]),
        .testTarget(name: "BenchmarkingTests", dependencies: ["Benchmarking", "Transformer", "NucleusTestSupport"]),
        .testTarget(name: "RunnerTests", dependencies: [
            "Runner", "Scheduling", "Store", "NucleusCore", "NucleusTestSupport", "ModelLoading", "Transformer",
        ], exclude: ["Fixtures"]),
    ]
)
