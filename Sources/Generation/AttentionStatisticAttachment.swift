import NucleusCore
import Transformer

extension TokenStatistic {
    /// Copies output row `row`'s layer × head attention statistics onto the token they produced.
    mutating func attach(_ attention: AttentionStatisticsRows, row: Int) {
        attentionEntropy = Array(attention.entropy(row: row))
        attentionVarentropy = Array(attention.varentropy(row: row))
        attentionHeads = attention.heads
    }
}
