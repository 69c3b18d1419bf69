import Testing
@testable import Prompts

/// The SimpleQA rule (DESIGN §10) on a table of cases: (completion, reference, grade).
struct SimpleQAGradeTests {
    static let cases: [(String, String, SimpleQAGrade)] = [
        ("Michio Sugeno", "Michio Sugeno", .correct),
        ("The award went to Michio Sugeno in 2010.", "Michio Sugeno", .correct),
        ("  michio  SUGENO.\nHe is a Japanese researcher.", "Michio Sugeno", .correct),
        ("Jean-Paul Sartre", "Jean Paul Sartre", .incorrect),          // punctuation is dropped, not spaced
        ("Jean-Paul Sartre", "Jean-Paul Sartre", .correct),
        ("The Beatles", "Beatles", .correct),                          // articles do not count
        ("Beatles", "The Beatles", .correct),
        ("It was in 1987.", "1987", .correct),
        ("It was in 19870.", "1987", .incorrect),                      // whole words only
        ("Sugeno", "Michio Sugeno", .incorrect),                       // the whole reference is needed
        ("Lotfi Zadeh\nMichio Sugeno", "Michio Sugeno", .incorrect),   // only the first line counts
        ("I don't know.", "Michio Sugeno", .notAttempted),
        ("I’m not sure, sorry.", "Paris", .notAttempted),              // curly apostrophe: NFKC keeps it, punctuation drops it
        ("I cannot answer that without more context.", "42", .notAttempted),
        ("I'm not sure, but I think it is Paris.", "Paris", .correct), // the reference in the first sentence wins
        ("I'm not sure. Maybe Paris?", "Paris", .notAttempted),        // the first sentence abstains and names nothing
        ("I don't know", "", .notAttempted),
        ("Paris", "", .incorrect),                                     // an empty reference is never matched
        ("ＰＡＲＩＳ", "Paris", .correct),                                 // NFKC folds full-width letters
        ("Unknown Pleasures", "Unknown Pleasures", .correct),
        ("", "Paris", .incorrect),
    ]

    @Test func gradesTheTableOfCases() {
        for (completion, reference, grade) in Self.cases {
            #expect(SimpleQAGrade(completion: completion, reference: reference) == grade, "\(completion) / \(reference)")
        }
    }

    @Test func normalisationFoldsCaseArticlesPunctuationAndSpace() {
        #expect(SimpleQAGrade.normalise("  The  U.S.   Army, an  Institution! ") == "us army institution")
        #expect(SimpleQAGrade.normalise("A") == "")
        #expect(SimpleQAGrade.normalise("ﬁve") == "five")   // the ligature under NFKC
    }
}
