/// How many tokens the original study's filter dropped, by reason. The reasons are disjoint:
/// a token with entropy 0 counts as `zeroEntropy` whatever its cosine.
public struct StudyFilterCounts: Sendable, Equatable {
    /// Tokens with entropy exactly 0 (a one-token distribution).
    public var zeroEntropy = 0
    /// Tokens with nonzero entropy and cosine exactly 1.
    public var unitCosine = 0

    public init(zeroEntropy: Int = 0, unitCosine: Int = 0) {
        self.zeroEntropy = zeroEntropy
        self.unitCosine = unitCosine
    }

    public var dropped: Int { zeroEntropy + unitCosine }

    public static func + (a: StudyFilterCounts, b: StudyFilterCounts) -> StudyFilterCounts {
        StudyFilterCounts(zeroEntropy: a.zeroEntropy + b.zeroEntropy, unitCosine: a.unitCosine + b.unitCosine)
    }
}

extension Statistics {
    /// The original study's token filter: keeps the pairs whose entropy is not exactly 0 and
    /// whose cosine is not exactly 1, and counts the dropped ones. Pairs beyond the shorter
    /// column are ignored (callers pass equally long columns).
    public static func studyFilter(entropy: [Double], cosine: [Double]) -> (entropy: [Double], cosine: [Double], counts: StudyFilterCounts) {
        var keptEntropy: [Double] = [], keptCosine: [Double] = []
        keptEntropy.reserveCapacity(entropy.count)
        keptCosine.reserveCapacity(cosine.count)
        var counts = StudyFilterCounts()
        for (h, c) in zip(entropy, cosine) {
            if h == 0 {
                counts.zeroEntropy += 1
            } else if c == 1 {
                counts.unitCosine += 1
            } else {
                keptEntropy.append(h)
                keptCosine.append(c)
            }
        }
        return (keptEntropy, keptCosine, counts)
    }
}
