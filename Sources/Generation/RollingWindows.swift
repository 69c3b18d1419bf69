/// How a document too long for one forward pass is cut into windows, each position scored once.
///
/// Positions t = 1…n−1 of a document of n tokens are scored (position 0 has no left context).
/// The first window reads tokens 0..<min(n−1, L) and scores every position it predicts. Each later
/// window scores the next `stride` positions, reading the L tokens right before its last target, so
/// its first target sees L − stride + 1 tokens of context and its last L. With `stride == window`
/// this is lm-evaluation-harness' rolling log-likelihood (disjoint windows, `context_len` 1); a
/// smaller stride gives every position more context at the cost of recomputing the overlap.
public struct RollingWindows: Sendable, Equatable {
    /// One forward window: input tokens `inputStart ..< targets.upperBound − 1`, scoring `targets`.
    public struct Window: Sendable, Equatable {
        /// Index of the window's first input token in the document.
        public var inputStart: Int
        /// Positions scored by this window (target t is predicted by input token t − 1).
        public var targets: Range<Int>

        public init(inputStart: Int, targets: Range<Int>) {
            self.inputStart = inputStart
            self.targets = targets
        }

        /// Input token indices: every target's left context within the window.
        public var input: Range<Int> { inputStart..<(targets.upperBound - 1) }
    }

    /// Most tokens one window reads (L, at most the model's context length).
    public let window: Int
    /// Positions each window after the first scores (1 ≤ stride ≤ window).
    public let stride: Int

    public init(window: Int, stride: Int) throws {
        guard window >= 1 else { throw GenerationError("scoring", "the window must hold at least 1 token, got \(window)") }
        guard (1...window).contains(stride) else {
            throw GenerationError("scoring", "the stride must be in 1...\(window) (the window), got \(stride)")
        }
        self.window = window
        self.stride = stride
    }

    /// The windows of a document of `count` tokens, in order; none when it has fewer than 2 tokens.
    public func windows(count: Int) -> [Window] {
        guard count >= 2 else { return [] }
        var end = min(count, window + 1)
        var windows = [Window(inputStart: 0, targets: 1..<end)]
        while end < count {
            let next = min(count, end + stride)
            windows.append(Window(inputStart: max(0, next - 1 - window), targets: end..<next))
            end = next
        }
        return windows
    }
}
