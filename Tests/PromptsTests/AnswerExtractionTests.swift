import Foundation
import Testing
@testable import Prompts

@Suite struct AnswerNumberTests {
    /// (text, canonical form or nil when the text is not exactly one number).
    static let cases: [(String, String?)] = [
        ("18", "18"), ("-3", "-3"), ("\u{2212}3", "-3"), ("+2", "2"), ("-0", "0"), ("007", "7"),
        ("1,234", "1234"), ("1,234,567.5", "1234567.5"), ("3.50", "3.5"), ("3.0", "3"), (".5", "0.5"),
        ("-.25", "-0.25"), ("$5", "5"), ("$5.00", "5"), ("-$5", "-5"), ("$-5", "-5"), ("50%", "50"),
        ("18.", "18"), (" 42 \n", "42"), ("0.000", "0"),
        ("", nil), ("abc", nil), ("5 apples", nil), ("1,2", nil), ("3-4", nil), ("- 3", nil), ("$", nil),
    ]

    @Test(arguments: cases) func canonicalForm(text: String, canonical: String?) {
        #expect(AnswerNumber(text)?.canonical == canonical)
    }

    @Test(arguments: [("12", "12"), ("-12.50", "-12.5"), ("3e2", "300"), ("1.5E1", "15"), ("25e-3", "0.025"),
                      ("-7e-1", "-0.7"), ("1.2.3", nil), ("e5", nil)] as [(String, String?)])
    func jsonNumbers(token: String, canonical: String?) {
        #expect(AnswerNumber(jsonNumber: token)?.canonical == canonical)
    }

    @Test func comparesExactlyAndEncodesAsText() throws {
        #expect(AnswerNumber("0.1") != AnswerNumber("0.10000000000000001"))
        #expect(AnswerNumber("1,234.50") == AnswerNumber("$1234.5"))
        #expect(AnswerNumber("-2.5")?.decimal == Decimal(string: "-2.5"))
        let encoded = try JSONEncoder().encode([AnswerNumber("-1,234.50")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["-1234.5"]"#)
        #expect(try JSONDecoder().decode([AnswerNumber].self, from: encoded) == [AnswerNumber("-1234.5")])
    }
}

@Suite struct AnswerExtractionTests {
    /// (completion, strict answer, flexible answer).
    static let cases: [(String, String?, String?)] = [
        ("She makes 9 * 2 = $18 every day.\n#### 18", "18", "18"),
        ("The temperature drops to -10 degrees.\n#### -10", "-10", "-10"),
        ("The change is \u{2212}3.", nil, "-3"),
        ("16-3-4=9 eggs", nil, "9"),
        ("The total is 1,234 dollars.", nil, "1234"),
        ("#### 1,234,567.50", "1234567.5", "1234567.5"),
        ("Each costs $5.", nil, "5"),
        ("The discount is 50%.", nil, "50"),
        ("He runs .5 miles", nil, "0.5"),
        ("It is 3.50 and so\n####  $3.5.", "3.5", "3.5"),
        ("#### **42**", "42", "42"),
        ("####18", "18", "18"),
        // Several markers: the first one with a number is the answer.
        ("#### 18\n\nQuestion: Tom has 3 pens...\n#### 3", "18", "3"),
        ("#### The answer is below\n#### 7", "7", "7"),
        // JSON answers.
        (#"{"answer": 18}"#, "18", "18"),
        (#"Reasoning done. {"reasoning": "2 + 2 = 4 {sic}", "answer": "1,234"}"#, "1234", "1234"),
        (#"{"answer": -12.50, "unit": "dollars 3"}"#, "-12.5", "3"),
        (#"{"answer": "about five"} then 5"#, nil, "5"),
        (#"{"answer": 4} and later #### 5"#, "4", "5"),
        ("#### 5 then {\"answer\": 4}", "5", "4"),
        // Nothing to extract (buggy).
        ("I do not know.", nil, nil),
        ("####", nil, nil),
        ("", nil, nil),
    ]

    @Test(arguments: cases) func strictAndFlexible(completion: String, strict: String?, flexible: String?) {
        #expect(AnswerExtraction.strict(completion)?.canonical == strict)
        #expect(AnswerExtraction.flexible(completion)?.canonical == flexible)
    }

    /// Answers of real GSM8K references (test rows 0, 146, 489; train row 345).
    @Test(arguments: [
        ("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer\u{2019}s market.\n#### 18", "18"),
        ("The rest costs 2,125 dollars\n#### 2,125", "2125"),
        ("So the temperature is 10 - 20 = <<10-20=-10>>-10 degrees.\n#### -10", "-10"),
        ("#### 1,000 / 2 = 500\n#### 500", "500"),
        ("72", "72"),
        ("no answer here", nil),
    ] as [(String, String?)])
    func references(reference: String, answer: String?) {
        #expect(AnswerExtraction.reference(reference)?.canonical == answer)
    }
}

@Suite struct AnswerGradeTests {
    static let reference = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
        + "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72"

    /// (completion, used answer, buggy, correct, strict-correct, flexible-correct).
    static let cases: [(String, String?, Bool, Bool, Bool, Bool)] = [
        ("48 + 24 = 72\n#### 72", "72", false, true, true, true),
        ("She sold 72 clips.", "72", false, true, false, true),
        ("#### 72.00", "72", false, true, true, true),
        ("#### 72\nQuestion: next one\n#### 9", "72", false, true, true, false),
        ("#### 70\nactually 72", "70", false, false, false, true),
        ("She sold 24 clips in May.", "24", false, false, false, false),
        (#"{"answer": "72"}"#, "72", false, true, true, true),
        ("I cannot tell.", nil, true, false, false, false),
    ]

    @Test(arguments: cases) func grade(
        completion: String, used: String?, buggy: Bool, correct: Bool, strictCorrect: Bool, flexibleCorrect: Bool
    ) {
        let grade = AnswerGrade(completion: completion, reference: Self.reference)
        #expect(grade.reference?.canonical == "72")
        #expect(grade.used?.canonical == used)
        #expect(grade.isBuggy == buggy)
        #expect(grade.isCorrect == correct)
        #expect(grade.isStrictCorrect == strictCorrect)
        #expect(grade.isFlexibleCorrect == flexibleCorrect)
    }

    @Test func referenceWithoutAnswerIsNeverCorrect() {
        let grade = AnswerGrade(completion: "#### 5", reference: "five")
        #expect(grade.reference == nil)
        #expect(!grade.isCorrect && !grade.isBuggy)
    }
}
