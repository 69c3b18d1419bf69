import NucleusCore

extension UnitFileReader {
    /// The optional N × L × H attention columns: both or neither, with the same shape.
    static func readAttention(_ group: HDF5Group, tokenCount: Int, into tokens: inout TokenColumns) throws {
        let present = TokenColumn.attention.filter { group.hasLink($0.name) }
        guard !present.isEmpty else { return }
        guard present.count == TokenColumn.attention.count else {
            throw group.origin.error(.inconsistent, "has \(present.map(\.name).joined()) without the other attention column")
        }
        let shape = try group.openDataset(TokenColumn.attentionEntropy.name).shape()
        guard shape.count == 3, shape[0] == tokenCount, shape[1] > 0, shape[2] > 0 else {
            throw group.origin.error(.inconsistent,
                "attention_entropy has shape \(shape), expected [\(tokenCount), layers, heads]")
        }
        tokens.attentionLayers = shape[1]
        tokens.attentionHeads = shape[2]
        for column in TokenColumn.attention {
            tokens[column] = .float32(try group.openDataset(column.name).read(Float.self, expectedShape: shape))
        }
    }
}
