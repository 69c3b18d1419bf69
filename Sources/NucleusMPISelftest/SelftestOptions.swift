import MPITransport

/// Command line of `nucleus-mpi-selftest`.
struct SelftestOptions {
    /// Units to run.
    var units = 200
    /// Hash rounds per unit: the unit's "work".
    var workRounds = 1000
    var wait = ReceiveWait.standard
    /// With `stopAfter`: this worker rank raises its stop flag after that many units.
    var stopRank: Int?
    var stopAfter = 0
    /// Instead of a run: check the transport alone (send to self, error on a bad rank).
    var checkTransport = false

    static let usage = """
        usage: nucleus-mpi-selftest [--units N] [--work ROUNDS] [--wait probe|poll]
                                    [--stop-rank R --stop-after K] [--check-transport]
        """

    init(arguments: [String]) throws {
        var remaining = arguments[...]
        func value(of flag: String) throws -> String {
            guard let next = remaining.popFirst() else { throw SelftestError.usage("\(flag) needs a value") }
            return next
        }
        func integer(of flag: String) throws -> Int {
            let text = try value(of: flag)
            guard let number = Int(text), number >= 0 else { throw SelftestError.usage("\(flag) \(text) is not a count") }
            return number
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--units": units = try integer(of: flag)
            case "--work": workRounds = try integer(of: flag)
            case "--stop-rank": stopRank = try integer(of: flag)
            case "--stop-after": stopAfter = try integer(of: flag)
            case "--check-transport": checkTransport = true
            case "--wait":
                let name = try value(of: flag)
                guard let parsed = ReceiveWait(name: name) else { throw SelftestError.usage("--wait \(name): use probe or poll") }
                wait = parsed
            default: throw SelftestError.usage("unknown argument \(flag)")
            }
        }
    }
}

struct SelftestError: Error, CustomStringConvertible {
    var description: String

    static func usage(_ problem: String) -> SelftestError {
        SelftestError(description: "nucleus-mpi-selftest: \(problem)\n\(SelftestOptions.usage)")
    }
}
