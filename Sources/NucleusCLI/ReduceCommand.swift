import ArgumentParser
import Reduce

struct ReduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reduce",
        abstract: "Turn a results folder into report/correlation.csv and report/summary.md.",
        discussion: "Reads every unit file under RESULTS/units, keeps the newest attempt of each prompt, and correlates entropy with nucleus cosine per model × dataset × technique. Also available without MPI or BLAS as `nucleus-reduce`.")

    @Argument(help: ArgumentHelp("Results folder written by `nucleus run`.", valueName: "results"))
    var results: String

    func run() throws {
        print(try Reducer.forResults(results).run().commandLineReport)
    }
}
