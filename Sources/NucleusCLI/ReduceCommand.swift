import ArgumentParser
import ReduceArguments

struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce",
        abstract: "Turn a results folder into tables, figures and report/summary.md.",
        discussion: ReduceArguments.discussion + "\n\nAlso available without MPI or BLAS as `nucleus-reduce`.")

    @OptionGroup var arguments: ReduceArguments

    func run() throws { try arguments.reduce() }
}
