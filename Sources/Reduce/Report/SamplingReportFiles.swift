import Foundation

/// The tables of the sampling study (`SamplingStudy`), written beside the other report tables.
enum SamplingReportFiles {
    static func write(_ study: SamplingStudy, _ writeFile: (String, String) throws -> URL) throws -> [URL] {
        [
            try writeFile(SamplingCSV.renderCells(study.cells), "sampling_cells.csv"),
            try writeFile(ReportTables.sampling(study.cells), "sampling_cells.tex"),
            try writeFile(SamplingCSV.renderPrompts(study.prompts), "sampling_prompts.csv"),
        ]
    }
}
