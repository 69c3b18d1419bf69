import Testing
import NucleusCore
@testable import Runner

/// Parsing of `--rerun` CSV files: the header, line numbers in errors, values.
struct RerunListTests {
    @Test func columnsInAnyOrderAndExtraColumnsAreAccepted() throws {
        let text = "row,technique,reason,dataset,model\r\n3,baseline,loops,math,smol\n\n10,completion,,facts,smol\n"
        let requests = try RerunList.parse(text, path: "r.csv")
        #expect(requests == [
            RerunRequest(model: "smol", dataset: "math", technique: "baseline", row: 3, line: 2),
            RerunRequest(model: "smol", dataset: "facts", technique: "completion", row: 10, line: 4),
        ])
    }

    /// `settings` and `sample` narrow a line to one settings block and one sample; empty cells
    /// (or no such column) mean all of them.
    @Test func optionalSettingsAndSampleColumns() throws {
        let text = "model,dataset,technique,settings,row,sample\nsmol,math,baseline,t0.7,3,2\nsmol,math,baseline,,4,\n"
        let requests = try RerunList.parse(text, path: "r.csv")
        #expect(requests == [
            RerunRequest(model: "smol", dataset: "math", technique: "baseline", settings: "t0.7", sample: 2, row: 3, line: 2),
            RerunRequest(model: "smol", dataset: "math", technique: "baseline", row: 4, line: 3),
        ])
        #expect(throws: RunnerError("r.csv:2: sample 'x' is not a non-negative integer")) {
            try RerunList.parse("model,dataset,technique,row,sample\nsmol,math,baseline,1,x\n", path: "r.csv")
        }
    }

    @Test func missingHeaderColumnNamesTheColumn() {
        #expect(throws: RunnerError("r.csv:1: missing column 'technique' (has: model, dataset, row); the header must name model,dataset,technique,row")) {
            try RerunList.parse("model,dataset,row\nsmol,math,1\n", path: "r.csv")
        }
    }

    @Test func badRowNamesTheLine() {
        #expect(throws: RunnerError("r.csv:3: row '-1' is not a non-negative integer")) {
            try RerunList.parse("model,dataset,technique,row\nsmol,math,baseline,1\nsmol,math,baseline,-1\n", path: "r.csv")
        }
        #expect(throws: RunnerError("r.csv:2: missing value for 'dataset'")) {
            try RerunList.parse("model,dataset,technique,row\nsmol,,baseline,1\n", path: "r.csv")
        }
    }

    /// Scored and ranked rows are not rerun: the error names the CSV line, the dataset and why.
    @Test func scoreAndRankRowsAreRefusedWithTheLine() throws {
        try RerunList.checkRerunnable(.generate, dataset: "math", at: "r.csv:2")
        for task in [DatasetTask.score, .rank] {
            #expect {
                try RerunList.checkRerunnable(task, dataset: "texts", at: "r.csv:3")
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix("r.csv:3: dataset 'texts' has task: \(task.rawValue); --rerun reruns generated prompts only")
            }
        }
    }

    @Test func headerOnlyIsRefused() {
        #expect(throws: RunnerError("r.csv: no prompts listed after the header")) {
            try RerunList.parse("model,dataset,technique,row\n", path: "r.csv")
        }
    }
}
