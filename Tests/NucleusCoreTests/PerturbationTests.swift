import Testing
@testable import NucleusCore

/// Prompt perturbations against `scripts/fixtures/perturbation_reference.py` (Python's str.lower,
/// unicodedata punctuation categories, SplitMix64 and hashlib for the swap), its output pinned here.
@Suite struct PerturbationTests {
    @Test(arguments: [
        ("Question: Tom has 12 apples. How many?\nAnswer:", 0, "trailing-space", "Question: Tom has 12 apples. How many?\nAnswer: "),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 0, "lowercase", "question: tom has 12 apples. how many?\nanswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 0, "no-punctuation", "Question Tom has 12 apples How many\nAnswer"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 0, "swap-adjacent", "Qusetion: Tom has 12 apples. How many?\nAnswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 0, "neutral-prefix", "Please read the following carefully. Question: Tom has 12 apples. How many?\nAnswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 1, "trailing-space", "Question: Tom has 12 apples. How many?\nAnswer: "),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 1, "lowercase", "question: tom has 12 apples. how many?\nanswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 1, "no-punctuation", "Question Tom has 12 apples How many\nAnswer"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 1, "swap-adjacent", "Question: Tom has 12 apples. How many?\nAsnwer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 1, "neutral-prefix", "Please read the following carefully. Question: Tom has 12 apples. How many?\nAnswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 7, "trailing-space", "Question: Tom has 12 apples. How many?\nAnswer: "),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 7, "lowercase", "question: tom has 12 apples. how many?\nanswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 7, "no-punctuation", "Question Tom has 12 apples How many\nAnswer"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 7, "swap-adjacent", "Question: Tom ahs 12 apples. How many?\nAnswer:"),
        ("Question: Tom has 12 apples. How many?\nAnswer:", 7, "neutral-prefix", "Please read the following carefully. Question: Tom has 12 apples. How many?\nAnswer:"),
        ("Once upon a time, Élodie said: “hi!”", 0, "trailing-space", "Once upon a time, Élodie said: “hi!” "),
        ("Once upon a time, Élodie said: “hi!”", 0, "lowercase", "once upon a time, élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 0, "no-punctuation", "Once upon a time Élodie said hi"),
        ("Once upon a time, Élodie said: “hi!”", 0, "swap-adjacent", "Onec upon a time, Élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 0, "neutral-prefix", "Please read the following carefully. Once upon a time, Élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 1, "trailing-space", "Once upon a time, Élodie said: “hi!” "),
        ("Once upon a time, Élodie said: “hi!”", 1, "lowercase", "once upon a time, élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 1, "no-punctuation", "Once upon a time Élodie said hi"),
        ("Once upon a time, Élodie said: “hi!”", 1, "swap-adjacent", "Once upon a itme, Élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 1, "neutral-prefix", "Please read the following carefully. Once upon a time, Élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 7, "trailing-space", "Once upon a time, Élodie said: “hi!” "),
        ("Once upon a time, Élodie said: “hi!”", 7, "lowercase", "once upon a time, élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 7, "no-punctuation", "Once upon a time Élodie said hi"),
        ("Once upon a time, Élodie said: “hi!”", 7, "swap-adjacent", "Once upon a tmie, Élodie said: “hi!”"),
        ("Once upon a time, Élodie said: “hi!”", 7, "neutral-prefix", "Please read the following carefully. Once upon a time, Élodie said: “hi!”"),
    ])
    func matchesThePythonReference(text: String, row: Int, name: String, expected: String) throws {
        let perturbation = try #require(Perturbation(rawValue: name))
        #expect(perturbation.apply(to: text, row: row) == expected)
    }

    @Test func swapLeavesTextWithoutTwoAdjacentLettersAlone() {
        #expect(Perturbation.swapAdjacent.apply(to: "1 2 3 ?", row: 4) == "1 2 3 ?")
    }
}
