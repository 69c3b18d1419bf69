/// `/ranking` of a unit file: the `RankingTable` columns, each with a description.
enum RankingTableStorage {
    static let group = "ranking"

    static func write(_ table: RankingTable, into file: HDF5File) throws {
        if let problem = table.consistencyProblem() {
            throw StoreError(.invalidRecord, path: file.origin.path, problem)
        }
        let location = try file.createGroup(group)
        let n = table.count
        let columns: [(String, String, () throws -> HDF5Dataset)] = [
            ("row", "dataset row of the filled template (the /prompts row)", {
                try location.createDataset("row", values: table.row.map(Int64.init), shape: [n], compressed: false) }),
            ("template_id", "id of the template in the templates file", {
                try location.createStringDataset("template_id", values: table.templateID) }),
            ("group", "slot value names the template was filled with, joined by '+'", {
                try location.createStringDataset("group", values: table.group) }),
            ("form", "surface forms the template was filled with, joined by '+'", {
                try location.createStringDataset("form", values: table.form) }),
            ("candidate", "candidate text", { try location.createStringDataset("candidate", values: table.candidate) }),
            ("score", "sum over candidate tokens of ln p(token | filled template + separator, earlier candidate tokens); nats", {
                try location.createDataset("score", values: table.score, shape: [n], compressed: false) }),
            ("mean_score", "score / n_tokens; nats per token", {
                try location.createDataset("mean_score", values: table.meanScore, shape: [n], compressed: false) }),
            ("n_tokens", "candidate tokens scored", {
                try location.createDataset("n_tokens", values: table.nTokens.map(Int64.init), shape: [n], compressed: false) }),
            ("first_logit", "raw logit of the candidate's first token", {
                try location.createDataset("first_logit", values: table.firstLogit, shape: [n], compressed: false) }),
        ]
        for (_, description, make) in columns {
            try make().setAttribute("description", description)
        }
    }

    /// The table when the file has `/ranking`, else nil.
    static func read(from file: HDF5File) throws -> RankingTable? {
        guard file.hasLink(group) else { return nil }
        let location = try file.openGroup(group)
        let rows = try location.openDataset("row").shape()
        guard rows.count == 1 else { throw file.origin.error(.malformed, "/ranking/row is not one-dimensional") }
        let n = rows[0]
        var table = RankingTable()
        table.row = try location.openDataset("row").read(Int64.self, expectedShape: [n]).map { Int($0) }
        table.templateID = try location.openDataset("template_id").readStrings(expectedCount: n)
        table.group = try location.openDataset("group").readStrings(expectedCount: n)
        table.form = try location.openDataset("form").readStrings(expectedCount: n)
        table.candidate = try location.openDataset("candidate").readStrings(expectedCount: n)
        table.score = try location.openDataset("score").read(Double.self, expectedShape: [n])
        table.meanScore = try location.openDataset("mean_score").read(Double.self, expectedShape: [n])
        table.nTokens = try location.openDataset("n_tokens").read(Int64.self, expectedShape: [n]).map { Int($0) }
        table.firstLogit = try location.openDataset("first_logit").read(Float.self, expectedShape: [n])
        return table
    }
}
