import CHDF5
import Foundation
import NucleusCore

/// `/distributions` of a unit file (DESIGN §10 "Full distributions"): `probability`, N × C float16
/// (C = V by token id, or N most probable in canonical order), and with a top-N cut `token_id`,
/// N × C int32. Rows follow `/tokens`. Chunked by whole token rows of about 1 MiB, shuffled and
/// deflated, so a reader decompresses only the chunks of the rows it asks for.
enum UnitFileDistributions {
    static let group = "distributions"
    static let probability = "probability"
    static let tokenID = "token_id"
    /// About a mebibyte per chunk: whole rows (one row of V = 49152 float16 is 96 KiB).
    static let chunkBytes = 1 << 20

    static func write(_ distributions: StoredDistributions?, tokenCount: Int, file: HDF5File) throws {
        guard let distributions else { return }
        let group = try file.createGroup(group)
        try group.setAttribute("format", StoredDistributionFormat.fp16.rawValue)
        try group.setAttribute("vocabulary_size", Int64(distributions.vocabularySize))
        try group.setAttribute("description",
            distributions.isTopN
                ? "per /tokens row: the \(distributions.columns) most probable tokens of p = softmax(raw logits), probability descending (ties by lower id), float16; token_id gives their ids"
                : "per /tokens row: p = softmax(raw logits) over the whole vocabulary by token id, float16")
        if distributions.isTopN { try group.setAttribute("top", Int64(distributions.columns)) }
        let half = try HDF5Datatype.float16(file.origin)
        _ = try distributions.probabilityBits.withUnsafeBytes { bytes in
            try group.createRowChunkedDataset(probability, type: half, rows: tokenCount, columns: distributions.columns,
                                              chunkBytes: chunkBytes, bytes: bytes)
        }
        if let ids = distributions.tokenIDs {
            let int32 = try HDF5Datatype.copy(of: nucleus_h5t_native_int32(), file.origin)
            _ = try ids.withUnsafeBytes { bytes in
                try group.createRowChunkedDataset(tokenID, type: int32, rows: tokenCount, columns: distributions.columns,
                                                  chunkBytes: chunkBytes, bytes: bytes)
            }
        }
    }
}

/// What a unit file's `/distributions` holds, from its metadata.
public struct StoredDistributionsInfo: Sendable, Equatable {
    public var vocabularySize: Int
    /// Rows = the file's generated tokens.
    public var rows: Int
    /// V, or N of a top-N cut.
    public var columns: Int
    public var isTopN: Bool
    /// Bytes `/distributions` takes in the file, after compression.
    public var storageBytes: Int

    public var bytesPerToken: Double { rows == 0 ? 0 : Double(storageBytes) / Double(rows) }
}

extension UnitFileReader {
    /// The metadata of `/distributions`, or nil when the file stores none.
    public static func distributionsInfo(_ url: URL, requireSeal: Bool = false) throws -> StoredDistributionsInfo? {
        let file = try openChecked(url, requireSeal: requireSeal)
        guard file.hasLink(UnitFileDistributions.group) else { return nil }
        return try distributionsInfo(file, tokenCount: try file.numberAttribute("n_tokens", as: Int64.self))
    }

    /// Rows `rows` (token indices into `/tokens`) of `/distributions`. Throws when the file has none.
    public static func readDistributions(_ url: URL, rows: Range<Int>, requireSeal: Bool = false) throws -> StoredDistributions {
        let file = try openChecked(url, requireSeal: requireSeal)
        guard file.hasLink(UnitFileDistributions.group) else {
            throw file.origin.error(.malformed, "no /distributions: the job did not set analysis.store_distribution")
        }
        let info = try distributionsInfo(file, tokenCount: try file.numberAttribute("n_tokens", as: Int64.self))
        guard rows.lowerBound >= 0, rows.upperBound <= info.rows else {
            throw file.origin.error(.invalidRecord, "rows \(rows.lowerBound)..<\(rows.upperBound) are outside the \(info.rows) stored")
        }
        let group = try file.openGroup(UnitFileDistributions.group)
        let half = try HDF5Datatype.float16(file.origin)
        var bits = [UInt16](repeating: 0, count: rows.count * info.columns)
        try bits.withUnsafeMutableBytes {
            try group.openDataset(UnitFileDistributions.probability).readRows(rows, columns: info.columns, memoryType: half, into: $0)
        }
        var ids: [Int32]?
        if info.isTopN {
            var values = [Int32](repeating: 0, count: rows.count * info.columns)
            let int32 = try HDF5Datatype.copy(of: nucleus_h5t_native_int32(), file.origin)
            try values.withUnsafeMutableBytes {
                try group.openDataset(UnitFileDistributions.tokenID).readRows(rows, columns: info.columns, memoryType: int32, into: $0)
            }
            ids = values
        }
        return StoredDistributions(vocabularySize: info.vocabularySize, columns: info.columns, probabilityBits: bits, tokenIDs: ids)
    }

    private static func distributionsInfo(_ file: HDF5File, tokenCount: Int64) throws -> StoredDistributionsInfo {
        let group = try file.openGroup(UnitFileDistributions.group)
        let format = try group.stringAttribute("format")
        guard format == StoredDistributionFormat.fp16.rawValue else {
            throw file.origin.error(.unsupportedSchema, "/distributions has format '\(format)', this build reads fp16")
        }
        let vocabulary = try group.numberAttribute("vocabulary_size", as: Int64.self)
        let probabilities = try group.openDataset(UnitFileDistributions.probability)
        let shape = try probabilities.shape()
        guard shape.count == 2, Int64(shape[0]) == tokenCount, shape[1] >= 1, Int64(shape[1]) <= vocabulary else {
            throw file.origin.error(.inconsistent, "/distributions/probability has shape \(shape), expected [\(tokenCount), 1...\(vocabulary)]")
        }
        let type = try probabilities.datatype()
        guard type.typeClass == H5T_FLOAT, type.size == 2 else {
            throw file.origin.error(.malformed, "/distributions/probability is not float16")
        }
        var bytes = probabilities.storageBytes
        let isTopN = group.hasLink(UnitFileDistributions.tokenID)
        if isTopN {
            let ids = try group.openDataset(UnitFileDistributions.tokenID)
            try ids.requireShape(shape)
            bytes += ids.storageBytes
        }
        return StoredDistributionsInfo(vocabularySize: Int(vocabulary), rows: shape[0], columns: shape[1], isTopN: isTopN,
                                       storageBytes: bytes)
    }
}
