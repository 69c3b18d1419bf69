/// Text-diversity metrics of a set of completions s₁…s_n (DESIGN §10 "Output diversity"), each a
/// pure float64 function of the texts, matching the reference implementations the study cites:
/// the `diversity` package 0.3.1 (distinct-n, n-gram diversity score, self-repetition), nltk's
/// `sentence_bleu` (self-BLEU) and Python's `gzip` (compression ratio). Checked against
/// `scripts/fixtures/diversity_reference.py`.
///
/// Words are split as those Python functions split them — `str.split(' ')` or `str.split()` — and
/// compared code point by code point (not by Swift's canonical equivalence), as Python compares
/// strings. A metric that its reference leaves undefined (a division by zero, a `min` of nothing)
/// is nil here.
public enum OutputDiversity {}
