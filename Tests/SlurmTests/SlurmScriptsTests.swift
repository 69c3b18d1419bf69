import Foundation
import NucleusTestSupport
import Testing
@testable import Slurm

/// The batch scripts `nucleus submit` renders: every option on its `#SBATCH` line, paths quoted for
/// bash and for sbatch, and the committed generic copies in slurm/ equal to the rendering.
struct SlurmScriptsTests {
    let request = SlurmRequest(
        jobName: "smoke", jobFile: "/data/my jobs/smoke.yaml", results: "/scratch/it's 100%/smoke",
        nucleusBinary: "/opt/nucleus/bin/nucleus", nodes: 3, tasksPerNode: 4, cpusPerTask: 8,
        time: "1-12:00", partition: "cpu,long", launcher: .mpirun, environment: ["NUCLEUS_MODELS": "/models dir"])

    func directives(_ script: String) -> [String] {
        script.split(separator: "\n").filter { $0.hasPrefix("#SBATCH ") }.map { String($0.dropFirst("#SBATCH ".count)) }
    }


    @Test func everyOptionLandsOnItsRunDirective() {
        let scripts = SlurmScripts(request)
        #expect(directives(scripts.runScript) == [
            "--job-name=nucleus-smoke", "--nodes=3", "--ntasks-per-node=4", "--cpus-per-task=8", "--time=1-12:00",
            "--partition=cpu,long", #"--output="/scratch/it's 100%%/smoke/slurm/run-%j.log""#,
            "--signal=B:USR1@120", "--requeue", "--open-mode=append",
        ])
        #expect(scripts.runScript.hasPrefix("#!/bin/bash\n"))
    }

    @Test func optionalDirectivesAreLeftOutWhenNotGiven() {
        let minimal = SlurmRequest(jobName: "j", jobFile: "/j.yaml", results: "/r", nucleusBinary: "/n", nodes: 2)
        #expect(directives(SlurmScripts(minimal).runScript) == [
            "--job-name=nucleus-j", "--nodes=2", "--ntasks-per-node=1", "--output=/r/slurm/run-%j.log",
            "--signal=B:USR1@120", "--requeue", "--open-mode=append",
        ])
        #expect(directives(SlurmScripts(minimal).reduceScript) == [
            "--job-name=nucleus-j-reduce", "--nodes=1", "--ntasks=1", "--output=/r/slurm/reduce-%j.log",
        ])
    }

    @Test func reducerRunsOneTaskInTheSamePartition() {
        #expect(directives(SlurmScripts(request).reduceScript) == [
            "--job-name=nucleus-smoke-reduce", "--nodes=1", "--ntasks=1", "--partition=cpu,long",
            #"--output="/scratch/it's 100%%/smoke/slurm/reduce-%j.log""#,
        ])
    }

    @Test func parametersAreSingleQuotedForBash() {
        let lines = SlurmScripts(request).runScript.split(separator: "\n").map(String.init)
        #expect(lines.contains("export NUCLEUS_JOB='/data/my jobs/smoke.yaml'"))
        #expect(lines.contains(#"export NUCLEUS_OUTPUT='/scratch/it'\''s 100%/smoke'"#))
        #expect(lines.contains("export NUCLEUS_BIN=/opt/nucleus/bin/nucleus"))
        #expect(lines.contains("export NUCLEUS_LAUNCHER=mpirun"))
        #expect(lines.contains(#"export NUCLEUS_SCRIPT='/scratch/it'\''s 100%/smoke/slurm/run.sbatch'"#))
        #expect(lines.contains("export NUCLEUS_MODELS='/models dir'"))
        let reduce = SlurmScripts(request).reduceScript.split(separator: "\n").map(String.init)
        #expect(reduce.contains(#"export NUCLEUS_OUTPUT='/scratch/it'\''s 100%/smoke'"#))
    }

    @Test func bashReadsTheQuotedParametersBack() throws {
        let script = SlurmScripts(request).runScript
        let parameterLines = script.split(separator: "\n").filter { $0.hasPrefix("export NUCLEUS_") && !$0.contains("${") }
        let probe = parameterLines.joined(separator: "\n") + "\nprintf '%s\\n' \"$NUCLEUS_OUTPUT\" \"$NUCLEUS_JOB\" \"$NUCLEUS_MODELS\"\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", probe]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed == "/scratch/it's 100%/smoke\n/data/my jobs/smoke.yaml\n/models dir\n")
    }

    @Test func directiveQuotingEscapesDoubleQuotesAndBackslashes() {
        #expect(SlurmQuoting.directive("/plain/path-1.log") == "/plain/path-1.log")
        #expect(SlurmQuoting.directive(#"/a b/x"y\z"#) == #""/a b/x\"y\\z""#)
        #expect(SlurmQuoting.shell("") == "''")
        #expect(SlurmQuoting.shell("a'b") == #"'a'\''b'"#)
    }

    @Test func reducerWaitsForASuccessfulRun() {
        let scripts = SlurmScripts(request)
        #expect(scripts.runSubmission == ["--parsable", "/scratch/it's 100%/smoke/slurm/run.sbatch"])
        #expect(scripts.reduceSubmission(after: "4242") == [
            "--parsable", "--dependency=afterok:4242", "--kill-on-invalid-dep=yes", "/scratch/it's 100%/smoke/slurm/reduce.sbatch",
        ])
    }

    @Test func parsableOutputGivesTheJobID() {
        #expect(SlurmScripts.jobID(parsableOutput: "4242\n") == "4242")
        #expect(SlurmScripts.jobID(parsableOutput: "17;cluster-a\n") == "17")
        #expect(SlurmScripts.jobID(parsableOutput: "Submitted batch job 17\n") == nil)
        #expect(SlurmScripts.jobID(parsableOutput: "") == nil)
    }

    @Test(arguments: [("90", 5400), ("10:30", 630), ("4:00:00", 14400), ("2-0", 172_800), ("1-12:00", 129_600), ("1-00:00:05", 86405)])
    func timeLimitsAreReadAsSlurmDoes(text: String, seconds: Int) {
        #expect(SlurmRequest.isSlurmTime(text))
        #expect(SlurmRequest.seconds(slurmTime: text) == seconds)
    }

    @Test func badOptionsAreRefusedBeforeAnythingIsWritten() {
        func refusal(_ change: (inout SlurmRequest) -> Void) -> String? {
            var bad = request
            change(&bad)
            do { try bad.validate(); return nil } catch { return "\(error)" }
        }
        #expect(refusal { _ in } == nil)
        #expect(refusal { $0.time = "UNLIMITED" } == nil)
        #expect(refusal { $0.nodes = 0 } == "--nodes must be at least 1 (got 0)")
        #expect(refusal { $0.tasksPerNode = 0 } == "--ntasks-per-node must be at least 1 (got 0)")
        #expect(refusal { $0.cpusPerTask = 0 } == "--cpus-per-task must be at least 1 (got 0)")
        #expect(refusal { $0.time = "1 h" }?.hasPrefix("--time '1 h': expected minutes") == true)
        #expect(refusal { $0.time = "4" }?.hasPrefix("--time '4' is too short") == true)
        #expect(refusal { $0.partition = "cpu\necho pwned" }?.hasPrefix("--partition 'cpu\necho pwned': expected") == true)
        #expect(refusal { $0.environment = ["NUCLEUS_MODELS": "a\nb"] } == "NUCLEUS_MODELS contains a line break; it cannot be passed to a batch script")
    }

    /// slurm/run.sbatch and slurm/reduce.sbatch are the generic renderings; regenerate them with
    /// NUCLEUS_WRITE_SLURM_SCRIPTS=1 swift test --filter SlurmScriptsTests.
    @Test func committedGenericScriptsMatchTheRendering() throws {
        let folder = TestPaths.repository.appendingPathComponent("slurm")
        let expected = [("run.sbatch", SlurmScripts.genericRunScript), ("reduce.sbatch", SlurmScripts.genericReduceScript)]
        for (name, text) in expected {
            let url = folder.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["NUCLEUS_WRITE_SLURM_SCRIPTS"] == "1" {
                try Data(text.utf8).write(to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
            #expect(try String(contentsOf: url, encoding: .utf8) == text, "\(name) differs from SlurmScripts.generic*")
        }
    }
}
