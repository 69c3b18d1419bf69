import ArgumentParser
import Foundation
import NucleusCore

@main
struct Nucleus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nucleus",
        abstract: "Per-token distribution statistics of language models, from one job file to a report.",
        discussion: """
            A job file names a grid of models × datasets × prompting techniques. `nucleus run` generates \
            text for every prompt and records, for each generated token, the entropy, varentropy, top-p \
            nucleus size and mass, mean pairwise cosine of the nucleus tokens' embeddings, log-prob, rank \
            and top-k of the model's distribution, into one HDF5 file per work unit. `nucleus reduce` \
            turns a results folder into tables and a summary.

            Start with:  nucleus run jobs/smoke.yaml && nucleus reduce results/smoke
            Look at a model:  nucleus inspect models/SmolLM2-135M-Instruct.Q4_1.gguf
            """,
        version: NucleusVersion.current,
        subcommands: [RunCommand.self, ReduceCommand.self, InspectCommand.self, TokenizeCommand.self,
                      LogitsCommand.self, GenerateCommand.self, ScoreCommand.self, BenchCommand.self, SubmitCommand.self,
                      KernelBenchCommand.self, CooccurCommand.self])

    /// ArgumentParser's `main`, except that a raw Foundation error that slipped through a command
    /// is reported with its file and cause rather than as `Error Domain=NSCocoaErrorDomain …`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: CommandFailure.readable(error))
        }
    }
}
