import Foundation
import Store

/// The per-token columns the correlation needs, for one prompt of one unit attempt.
struct PromptTokens: Sendable {
    var unitID: String
    var row: Int
    var attempt: Int
    var key: CorrelationKey
    /// The unit file it came from.
    var source: URL
    /// Texts and counts of the prompt in that attempt (completion, reference, finish reason).
    var prompt: PromptRecord
    /// The dataset's shape as the unit file records it (nil in older files).
    var datasetShape: String?
    var entropy: [Double]
    var nucleusCosine: [Double]
}
