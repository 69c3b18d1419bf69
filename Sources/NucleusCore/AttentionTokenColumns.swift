/// The optional per-token columns of `analysis.attention`: present in a unit file only when the
/// job asked (and the model has attention), so they stay out of `TokenColumn.all`, which every
/// file carries.
extension TokenColumn {
    public static let attentionEntropy = TokenColumn(
        "attention_entropy", .float32, trailing: [.layers, .heads], units: "nats",
        "entropy of each layer x head's attention weights for the query that produced the token (N x L x H); only with analysis.attention") {
        .reals($0.attentionEntropy.map(Double.init))
    }
    public static let attentionVarentropy = TokenColumn(
        "attention_varentropy", .float32, trailing: [.layers, .heads], units: "nats^2",
        "varentropy of the same attention weights (N x L x H); only with analysis.attention") {
        .reals($0.attentionVarentropy.map(Double.init))
    }

    /// The optional attention columns, in file order.
    public static let attention: [TokenColumn] = [attentionEntropy, attentionVarentropy]
}
