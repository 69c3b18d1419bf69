import ArgumentParser
import ReduceArguments

/// `nucleus reduce` for machines without MPI or BLAS (links HDF5 only).
struct NucleusReduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nucleus-reduce",
        abstract: "Turn a Nucleus results folder into tables, figures and report/summary.md.",
        discussion: ReduceArguments.discussion
            + "\n\nThe laptop build of `nucleus reduce`: it needs HDF5 only. Build it with `swift build -c release --product nucleus-reduce`.")

    @OptionGroup var arguments: ReduceArguments

    func run() throws { try arguments.reduce() }
}

NucleusReduce.main()
