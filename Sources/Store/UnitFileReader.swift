import Foundation
import NucleusCore

/// What a resume scan needs from a unit file without reading its token columns.
public struct UnitFileSummary: Sendable, Equatable {
    public var schemaVersion: Int
    /// The root attributes; `header.complete` is true only when `complete == 1`.
    public var header: UnitHeader
    public var promptCount: Int
    public var tokenCount: Int
    public var topK: Int
    /// FNV-1a 64 of token ids and offsets as stored in the file (see `token_checksum`).
    public var tokenChecksum: UInt64

    /// The extent the file records for a dimension of the token columns.
    public func extent(_ dimension: TokenColumn.Dimension) -> Int {
        switch dimension {
        case .topK: topK
        // The optional attention columns carry their own shape (`readAttention`).
        case .layers, .heads: 0
        }
    }
}

/// Reads HDF5 schema v1 unit files. Every failure is a `StoreError` naming the file: a missing,
/// non-HDF5, truncated, incomplete or inconsistent file never crashes the reader. Every entry
/// point first checks the file's seal (`UnitFileSeal`: one sequential read of the whole file)
/// before HDF5 parses it. Files without a user block (written by other tools, e.g. h5py) are
/// trusted by default; with `requireSeal` (what the reducer and the resume scan pass, since every
/// file under a results folder's units/ comes from Nucleus' writer) they are refused unopened.
public enum UnitFileReader {
    /// Reads the whole file, verifying `schema_version`, `complete`, every row count, the ragged
    /// offsets and the checksum.
    public static func read(_ url: URL, requireSeal: Bool = false) throws -> UnitRecord {
        let file = try openChecked(url, requireSeal: requireSeal)
        let summary = try readSummary(file)
        try requireComplete(summary, file)
        let prompts = try file.openGroup(UnitFileSchema.promptsGroup)
        let offsets = try readOffsets(prompts, summary)
        let promptRecords = try readPrompts(prompts, summary, offsets: offsets)
        let tokens = try readTokens(try file.openGroup(UnitFileSchema.tokensGroup), summary)
        try verifyChecksum(summary, tokenIDs: tokens.tokenID, offsets: offsets, file)
        var record = UnitRecord(header: summary.header, prompts: promptRecords, tokens: tokens,
                                ranking: try RankingTableStorage.read(from: file))
        record.scoring = try UnitFileScoring.read(file, promptCount: summary.promptCount)
        record.embeddingMeans = try UnitFileEmbeddingMeans.read(prompts, promptCount: summary.promptCount)
        return record
    }

    /// Reads only the root attributes; a sealed file with `complete == 0` is returned with
    /// `header.complete == false`, an unsealed one (writer died) throws `.incomplete`.
    public static func readHeader(_ url: URL, requireSeal: Bool = false) throws -> UnitFileSummary {
        try readSummary(try openChecked(url, requireSeal: requireSeal))
    }

    /// The resume check: the file is complete and its offsets and token ids match the stored
    /// counts and checksum, and every dataset has the shape the counts imply. Cheaper than `read`
    /// (three small columns instead of all).
    @discardableResult
    public static func verify(_ url: URL, requireSeal: Bool = false) throws -> UnitFileSummary {
        let file = try openChecked(url, requireSeal: requireSeal)
        let summary = try readSummary(file)
        try requireComplete(summary, file)
        let prompts = try file.openGroup(UnitFileSchema.promptsGroup)
        let tokens = try file.openGroup(UnitFileSchema.tokensGroup)
        try requireShapes(prompts: prompts, tokens: tokens, summary)
        let offsets = try readOffsets(prompts, summary)
        let generated = try prompts.openDataset("n_generated").read(Int64.self, expectedShape: [summary.promptCount])
        try requireGeneratedCounts(generated, offsets: offsets, prompts)
        let tokenIDs = try tokens.openDataset(TokenColumn.tokenID.name).read(Int32.self, expectedShape: [summary.tokenCount])
        try verifyChecksum(summary, tokenIDs: tokenIDs, offsets: offsets, file)
        return summary
    }

    /// True when `verify` succeeds: what resume means by "this unit is done".
    public static func isComplete(_ url: URL) -> Bool {
        (try? verify(url)) != nil
    }

    /// Checks the seal before HDF5 parses anything (see `UnitFileSeal`), then opens the file.
    static func openChecked(_ url: URL, requireSeal: Bool) throws -> HDF5File {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw StoreError(.missingFile, path: url.path, "no such file")
        }
        try UnitFileSeal.check(path: url.path, requireSeal: requireSeal)
        return try HDF5File.open(url.path)
    }

    private static func readSummary(_ file: HDF5File) throws -> UnitFileSummary {
        let version = try file.numberAttribute("schema_version", as: Int64.self)
        guard version == UnitFileSchema.version else {
            throw file.origin.error(.unsupportedSchema, "schema_version is \(version), this build reads \(UnitFileSchema.version)")
        }
        var header = UnitHeader(
            complete: try file.numberAttribute("complete", as: Int64.self) == 1,
            nucleusVersion: try file.stringAttribute("nucleus_version"),
            jobName: try file.stringAttribute("job_name"),
            jobHash: try file.stringAttribute("job_hash"),
            unitID: try file.stringAttribute("unit_id"),
            attempt: try count(file, "attempt"),
            model: try readModel(file),
            dataset: try file.stringAttribute("dataset"),
            technique: try file.stringAttribute("technique"),
            sample: try count(file, "sample"),
            settings: file.hasAttribute("settings") ? try file.stringAttribute("settings") : "",
            seed: try file.numberAttribute("seed", as: UInt64.self),
            generationJSON: try file.stringAttribute("generation"),
            analysisJSON: try file.stringAttribute("analysis"),
            host: try file.stringAttribute("host"),
            rank: try count(file, "rank"),
            started: try file.stringAttribute("started"),
            finished: try file.stringAttribute("finished"))
        if file.hasAttribute("dataset_shape") { header.datasetShape = try file.stringAttribute("dataset_shape") }
        if file.hasAttribute("answer_type") { header.answerType = try file.stringAttribute("answer_type") }
        if file.hasAttribute("perturbation") {
            header.perturbation = try file.stringAttribute("perturbation")
            header.perturbationBase = file.hasAttribute("perturbation_base") ? try file.stringAttribute("perturbation_base") : ""
        }
        return UnitFileSummary(
            schemaVersion: Int(version), header: header,
            promptCount: try count(file, "n_prompts", nonNegative: true),
            tokenCount: try count(file, "n_tokens", nonNegative: true),
            topK: try count(file, "top_k", nonNegative: true),
            tokenChecksum: try file.numberAttribute("token_checksum", as: UInt64.self))
    }

    private static func count(_ file: HDF5File, _ name: String, nonNegative: Bool = false) throws -> Int {
        let value = try file.numberAttribute(name, as: Int64.self)
        guard !nonNegative || (0...Int64(HDF5Dataset.maximumElementCount)).contains(value) else {
            throw file.origin.error(.malformed, "attribute \(name) is \(value), outside 0...\(HDF5Dataset.maximumElementCount)")
        }
        return Int(value)
    }

    private static func readModel(_ file: HDF5File) throws -> ModelIdentity {
        let json = try file.stringAttribute("model")
        do {
            return try JSONDecoder().decode(ModelIdentity.self, from: Data(json.utf8))
        } catch {
            throw file.origin.error(.malformed, "attribute model is not a JSON object {name, path, architecture, sha256}")
        }
    }

    private static func requireComplete(_ summary: UnitFileSummary, _ file: HDF5File) throws {
        guard summary.header.complete else {
            throw file.origin.error(.incomplete, "incomplete unit file (complete != 1): the writer did not finish it")
        }
    }

    /// Offsets must have P + 1 entries, start at 0, never decrease, and end at N.
    private static func readOffsets(_ prompts: HDF5Group, _ summary: UnitFileSummary) throws -> [Int64] {
        let origin = prompts.origin
        let offsets = try prompts.openDataset("token_offset").read(Int64.self, expectedShape: [summary.promptCount + 1])
        guard offsets.first == 0 else {
            throw origin.error(.inconsistent, "token_offset starts at \(offsets[0]), expected 0")
        }
        if let bad = offsets.indices.dropLast().first(where: { offsets[$0] > offsets[$0 + 1] }) {
            throw origin.error(.inconsistent, "token_offset decreases after prompt \(bad) (\(offsets[bad]) > \(offsets[bad + 1]))")
        }
        guard offsets.last == Int64(summary.tokenCount) else {
            throw origin.error(.inconsistent, "token_offset ends at \(offsets.last ?? -1) but n_tokens is \(summary.tokenCount)")
        }
        return offsets
    }

    private static func readPrompts(_ group: HDF5Group, _ summary: UnitFileSummary, offsets: [Int64]) throws -> [PromptRecord] {
        let p = summary.promptCount
        let rows = try group.openDataset("row").read(Int64.self, expectedShape: [p])
        let promptTokens = try group.openDataset("n_prompt_tokens").read(Int64.self, expectedShape: [p])
        let generated = try group.openDataset("n_generated").read(Int64.self, expectedShape: [p])
        let promptTexts = try group.openDataset("prompt_text").readStrings(expectedCount: p)
        let references = try group.openDataset("reference").readStrings(expectedCount: p)
        let completions = try group.openDataset("completion_text").readStrings(expectedCount: p)
        let finishReasons = try group.openDataset("finish_reason").readStrings(expectedCount: p)
        let errors = group.hasLink(UnitFileSchema.promptError)
            ? try group.openDataset(UnitFileSchema.promptError).readStrings(expectedCount: p)
            : Array(repeating: "", count: p)
        let labels = group.hasLink(UnitFileSchema.promptLabel)
            ? try group.openDataset(UnitFileSchema.promptLabel).readStrings(expectedCount: p)
            : Array(repeating: "", count: p)
        try requireGeneratedCounts(generated, offsets: offsets, group)
        return (0..<p).map { i in
            PromptRecord(row: Int(rows[i]), promptText: promptTexts[i], reference: references[i],
                                completionText: completions[i], finishReason: finishReasons[i],
                                promptTokenCount: Int(promptTokens[i]), generatedCount: Int(generated[i]), error: errors[i],
                         label: labels[i])
        }
    }

    private static func requireGeneratedCounts(_ generated: [Int64], offsets: [Int64], _ prompts: HDF5Group) throws {
        if let bad = generated.indices.first(where: { generated[$0] != offsets[$0 + 1] - offsets[$0] }) {
            throw prompts.origin.error(.inconsistent,
                "prompt \(bad): n_generated is \(generated[bad]) but token_offset spans \(offsets[bad + 1] - offsets[bad]) tokens")
        }
    }

    /// Every dataset of the schema is present with the shape the counts imply (metadata only).
    private static func requireShapes(prompts: HDF5Group, tokens: HDF5Group, _ summary: UnitFileSummary) throws {
        let p = summary.promptCount, n = summary.tokenCount
        for name in ["row", "prompt_text", "reference", "completion_text", "finish_reason", "n_prompt_tokens", "n_generated"] {
            try prompts.openDataset(name).requireShape([p])
        }
        for optional in [UnitFileSchema.promptError, UnitFileSchema.promptLabel] where prompts.hasLink(optional) {
            try prompts.openDataset(optional).requireShape([p])
        }
        try prompts.openDataset("token_offset").requireShape([p + 1])
        if prompts.hasLink(UnitFileEmbeddingMeans.name) {
            try UnitFileEmbeddingMeans.requireShape(try prompts.openDataset(UnitFileEmbeddingMeans.name), promptCount: p)
        }
        for column in TokenColumn.all {
            try tokens.openDataset(column.name).requireShape(column.shape(tokens: n, extent: summary.extent))
        }
    }

    private static func readTokens(_ group: HDF5Group, _ summary: UnitFileSummary) throws -> TokenColumns {
        var tokens = TokenColumns(topK: summary.topK)
        for column in TokenColumn.all {
            let dataset = try group.openDataset(column.name)
            let shape = column.shape(tokens: summary.tokenCount, extent: summary.extent)
            switch column.element {
            case .int32: tokens[column] = .int32(try dataset.read(Int32.self, expectedShape: shape))
            case .float32: tokens[column] = .float32(try dataset.read(Float.self, expectedShape: shape))
            case .float64: tokens[column] = .float64(try dataset.read(Double.self, expectedShape: shape))
            }
        }
        try readAttention(group, tokenCount: summary.tokenCount, into: &tokens)
        return tokens
    }

    private static func verifyChecksum(_ summary: UnitFileSummary, tokenIDs: [Int32], offsets: [Int64], _ file: HDF5File) throws {
        let actual = FNV1a64.unitChecksum(tokenIDs: tokenIDs, tokenOffsets: offsets)
        guard actual == summary.tokenChecksum else {
            throw file.origin.error(.checksumMismatch, "token_checksum is \(String(summary.tokenChecksum, radix: 16)) but the data hash to \(String(actual, radix: 16))")
        }
    }
}
