import ArgumentParser
import Reduce

/// `nucleus reduce` for machines without MPI or BLAS (links HDF5 only).
struct NucleusReduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nucleus-reduce",
        abstract: "Turn a Nucleus results folder into report/correlation.csv and report/summary.md.",
        discussion: "The laptop build of `nucleus reduce`: it needs HDF5 only. Build it with `swift build -c release --product nucleus-reduce`.")

    @Argument(help: ArgumentHelp("Results folder written by `nucleus run` (or a copy of one).", valueName: "results"))
    var results: String

    func run() throws {
        print(try Reducer.forResults(results).run().commandLineReport)
    }
}

NucleusReduce.main()
