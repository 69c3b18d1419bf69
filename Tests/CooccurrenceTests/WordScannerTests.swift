import Testing
@testable import Cooccurrence

/// Words as DESIGN §10 defines them; the expected words are worked out by hand from the definition.
@Suite struct WordScannerTests {
    @Test(arguments: [
        ("Diabetes, DIABETES; diabetic!", ["diabetes", "diabetes", "diabetic"]),
        ("heart-disease (asthma)", ["heart", "disease", "asthma"]),
        ("Crohn’s and Crohn's", ["crohn's", "and", "crohn's"]),
        ("'quoted' women's", ["'quoted'", "women's"]),
        ("type 2 diabetes, 65+ and COVID-19", ["type", "2", "diabetes", "65", "and", "covid", "19"]),
        ("Zoë naïve ΣΟΦΟΣ Straße", ["zoë", "naïve", "σοφοσ", "straße"]),
        ("cafe\u{301} x", ["cafe\u{301}", "x"]),
        ("under_score a.b\tc\nd", ["under", "score", "a", "b", "c", "d"]),
        ("", []),
        ("— … !", []),
    ])
    func words(text: String, expected: [String]) {
        #expect(WordScanner.words(of: text) == expected)
    }

    @Test func accentsAreComparedByCodePointAsInPython() {
        let terms = TermList(candidates: [Term(name: "café", forms: [WordScanner.words(of: "Caf\u{E9}")])], groups: [])
        let matcher = TermMatcher(terms)
        let ids = matcher.wordIDs(of: "caf\u{E9} cafe\u{301} CAF\u{C9}")
        #expect(matcher.occurrences(inWordIDs: ids) == [[0, 2]])
    }

    @Test func pairsWithinMatchesEveryPairTried() {
        let first = [0, 3, 4, 9, 20], second = [1, 2, 4, 12, 13, 30]
        for width in [0, 1, 2, 3, 5, 8, 10, 40] {
            let tried = first.reduce(0) { total, p in total + second.filter { abs(p - $0) <= width }.count }
            #expect(CooccurrenceTally.pairsWithin(width, first, second) == tried, "W=\(width)")
        }
    }

    @Test func aTermOccursOncePerPositionWhateverFormsStartThere() throws {
        let terms = TermList(
            candidates: [Term(name: "heart disease", forms: [["heart", "disease"], ["heart"]])],
            groups: [Term(name: "men", forms: [["men"], ["men"]])])
        let matcher = TermMatcher(terms)
        let ids = matcher.wordIDs(of: "Heart disease in men; heart men.")
        #expect(matcher.occurrences(inWordIDs: ids) == [[0, 4], [3, 5]])
    }
}
