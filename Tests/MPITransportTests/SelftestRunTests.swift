import Foundation
import Testing

/// The coordinator/worker protocol over real MPI, through the `nucleus-mpi-selftest` binary
/// (MPI can be initialised once per process, so it runs in child processes).
@Suite(.serialized, .enabled(if: SelftestProcess.mpirun != nil, "mpirun not found on PATH: MPI tests skipped"))
struct SelftestRunTests {
    @Test func singletonTransportEchoesAndReportsErrors() throws {
        let result = try SelftestProcess.json(SelftestProcess.runAlone(["--check-transport"]))
        #expect(result["rank"] as? String == "0")
        #expect(result["size"] as? String == "1")
        #expect(result["echoPayload"] as? String == "ping")
        #expect(result["echoSource"] as? String == "0")
        #expect(result["echoTag"] as? String == "16")
        let error = try #require(result["badRankError"] as? String)
        #expect(error.hasPrefix("MPI transport: MPI_Send of 4 bytes to rank 6 (tag 17) failed"))
        #expect(error.contains("MPI_ERR_RANK"))
    }

    @Test func threeRanksRunEveryUnitExactlyOnce() throws {
        let result = try SelftestProcess.json(SelftestProcess.runUnderMPI(ranks: 3, ["--units", "200"]))
        try expectAllDone(result, units: 200, mode: "mpi", workerRanks: ["1", "2"])
    }

    @Test func twoRanksWithBlockingProbeWorkToo() throws {
        let result = try SelftestProcess.json(SelftestProcess.runUnderMPI(ranks: 2, ["--units", "50", "--wait", "probe"]))
        try expectAllDone(result, units: 50, mode: "mpi", workerRanks: ["1"])
        #expect(result["wait"] as? String == "probe")
    }

    @Test func oneRankFallsBackToAnInProcessWorker() throws {
        let result = try SelftestProcess.json(SelftestProcess.runUnderMPI(ranks: 1, ["--units", "200"]))
        try expectAllDone(result, units: 200, mode: "in-process", workerRanks: ["1"])
        #expect(result["worldSize"] as? Int == 1)
    }

    @Test func withoutMpirunItRunsInProcess() throws {
        let result = try SelftestProcess.json(SelftestProcess.runAlone(["--units", "30"]))
        try expectAllDone(result, units: 30, mode: "in-process", workerRanks: ["1"])
    }

    @Test func stoppingWorkerHandsBackItsUnitToTheOther() throws {
        let result = try SelftestProcess.json(SelftestProcess.runUnderMPI(
            ranks: 3, ["--units", "100", "--stop-rank", "1", "--stop-after", "5"]))
        try expectAllDone(result, units: 100, mode: "mpi", workerRanks: ["1", "2"])
        // Rank 1 ran five units, then abandoned the next one it received.
        let byRank = try #require(result["unitsByRank"] as? [String: Int])
        #expect(byRank["1"] == 5)
        #expect(byRank["2"] == 95)
        #expect((result["abandoned"] as? [String])?.count == 1)
    }

    @Test func sigusr1StopsEveryRankGracefully() throws {
        let units = 100_000
        let output = try SelftestProcess.runUnderMPI(ranks: 3, ["--units", String(units)], signalWhenRunning: SIGUSR1)
        let result = try SelftestProcess.json(output)
        let completed = try #require(result["completed"] as? Int)
        let notRun = try #require(result["notRun"] as? Int)
        // Stopped part way: what ran, ran once and right; the rest is left for a resume.
        #expect(completed > 0 && completed < units)
        #expect(completed + notRun == units)
        #expect(result["distinctCompleted"] as? Int == completed)
        #expect(result["wrongResults"] as? Int == 0)
        #expect(result["failed"] as? Int == 0)
        #expect(output.stdout.contains("{\"event\":\"running\"}"))
    }

    private func expectAllDone(_ result: [String: Any], units: Int, mode: String, workerRanks: Set<String>) throws {
        #expect(result["mode"] as? String == mode)
        #expect(result["units"] as? Int == units)
        #expect(result["completed"] as? Int == units)
        #expect(result["distinctCompleted"] as? Int == units)
        #expect(result["wrongResults"] as? Int == 0)
        #expect(result["failed"] as? Int == 0)
        #expect(result["notRun"] as? Int == 0)
        let byRank = try #require(result["unitsByRank"] as? [String: Int])
        #expect(Set(byRank.keys).isSubset(of: workerRanks))
        #expect(byRank.values.reduce(0, +) == units)
    }
}
