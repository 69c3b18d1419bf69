import Foundation
import Testing
@testable import NucleusCore
@testable import Prompts

/// `task: rank` inputs: filled templates, and every bad input named by file and line before any
/// model loads.
@Suite final class RankingInputTests {
    let folder: TempFolder

    init() throws { folder = try TempFolder() }
    deinit { folder.remove() }

    /// A job with one rank dataset over the given files (candidates inline when `inline` is set).
    func job(templates: String, slots: String, candidates: String = "candidate\ndiabetes\nasthma\n",
             inline: [String]? = nil, separator: String? = nil) throws -> JobSpec {
        let templatesPath = try folder.write("templates.csv", templates)
        let slotsPath = try folder.write("slots.csv", slots)
        let candidatesPath = try folder.write("candidates.csv", candidates)
        _ = try folder.write("model.gguf", "stand-in")
        let candidatesYAML = inline.map { "[" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]" } ?? candidatesPath
        let yaml = """
            name: rank-test
            output: out
            seed: 1
            models:
              - {name: m, path: model.gguf}
            datasets:
              - name: d
                path: \(templatesPath)
                ranking:
                  slots: \(slotsPath)
                  candidates: \(candidatesYAML)
            \(separator.map { "      separator: \"\($0)\"" } ?? "")
            techniques: [completion]
            """
        let jobPath = try folder.write("job.yaml", yaml)
        return try JobSpec.load(path: jobPath)
    }

    let slots = "slot,value,form\ngroup,female,woman\ngroup,female,female\ngroup,male,man\nage,old,elderly\nage,young,young\n"

    @Test func fillsTemplatesTimesValuesTimesForms() throws {
        let job = try job(templates: "id,template\nt1,The {group} patient has\nt2,\"An {age} {group}, with\"\n", slots: slots)
        let input = try RankingInput.load(job.datasets[0], at: 0, in: job)
        #expect(input.candidates == ["diabetes", "asthma"])
        #expect(input.separator == " ")
        #expect(input.rows.map(\.prompt) == [
            "The woman patient has", "The female patient has", "The man patient has",
            "An elderly woman, with", "An elderly female, with", "An elderly man, with",
            "An young woman, with", "An young female, with", "An young man, with",
        ])
        #expect(input.rows.map(\.index) == Array(0..<9))
        #expect(input.rows.map { $0.fields["group"] ?? "" } == [
            "female", "female", "male", "old+female", "old+female", "old+male", "young+female", "young+female", "young+male"])
        #expect(input.rows[4].fields == ["template_id": "t2", "group": "old+female", "form": "elderly+female"])
        #expect(input.rows[4].line == 3)
        // The plan counts filled templates as the dataset's rows.
        #expect(try JobPrompts(job: job).rowCounts == ["d": 9])
    }

    @Test func literalBracesAndSeparator() throws {
        let job = try job(templates: "id,template\nt,{{x}} {group}:\n", slots: slots, inline: ["a b"], separator: "")
        let input = try RankingInput.load(job.datasets[0], at: 0, in: job)
        #expect(input.rows.map(\.prompt) == ["{x} woman:", "{x} female:", "{x} man:"])
        #expect(input.separator == "")
        #expect(input.candidates == ["a b"])
    }

    /// The error text of loading the job's prompts (what `nucleus run` does before loading a model).
    func failure(_ make: () throws -> JobSpec) -> String {
        do {
            _ = try JobPrompts(job: try make())
            return "no error"
        } catch {
            return "\(error)".replacingOccurrences(of: folder.url.path + "/", with: "")
        }
    }

    @Test func badInputIsNamedByFileAndLine() {
        let good = "id,template\nt1,The {group}\n"
        let cases: [(templates: String, slots: String, candidates: String, expected: String)] = [
            ("id,template\nt1,The {group} patient\nt2,No placeholder here\n", slots, "candidate\nflu\n",
             "templates.csv:3: template 't2' has no {slot} placeholder"),
            ("id,template\nt1,The {race} patient\n", slots, "candidate\nflu\n",
             "templates.csv:2: template 't1' names slot '{race}', which slots.csv does not define (it defines: age, group)"),
            ("id,template\nt1,The {group} patient\nt1,A {group}\n", slots, "candidate\nflu\n",
             "templates.csv:3: duplicate template id 't1' (already on line 2)"),
            ("id,template\nt1,The {group patient\n", slots, "candidate\nflu\n",
             "templates.csv:2: template 't1': a '{' without its closing '}' (write '{{' for a literal brace)"),
            (good, slots, "candidate\nflu\n\" \"\n", "candidates.csv:3: empty candidate"),
            (good, slots, "candidate\nflu\nflu\n", "candidates.csv:3: duplicate candidate 'flu' (already on line 2)"),
            (good, slots + "group,male,man\n", "candidate\nflu\n", "slots.csv:7: duplicate form 'man' of group 'male' (already on line 4)"),
            ("id,text\nt1,The {group}\n", slots, "candidate\nflu\n", "templates.csv:1: missing column 'template' (expected id, template)"),
        ]
        for entry in cases {
            let message = failure { try job(templates: entry.templates, slots: entry.slots, candidates: entry.candidates) }
            #expect(message == entry.expected)
        }
    }

    @Test func emptyInlineCandidateIsNamedAtItsJobFileLine() {
        let message = failure { try job(templates: "id,template\nt1,The {group}\n", slots: slots, inline: ["flu", ""]) }
        #expect(message.hasPrefix("job.yaml:11: datasets[0].ranking.candidates[1]: empty candidate"), "\(message)")
    }

    @Test func rankingInputsAreInTheJobHash() throws {
        let first = try JobPrompts(job: try job(templates: "id,template\nt1,The {group}\n", slots: slots)).jobHash()
        let second = try JobPrompts(job: try job(templates: "id,template\nt1,The {group}\n", slots: slots,
                                                 candidates: "candidate\ndiabetes\nflu\n")).jobHash()
        #expect(first != second)
    }
}
