import Foundation
import NucleusCore

/// Gives each row its grouping label: the dataset's `label`, or the row's `label_column` value.
enum DatasetLabels {
    /// - Throws: `DatasetError` naming the file and line of a row whose label column is missing
    ///   or empty (a row without a label would silently leave every grouping), or when both keys are set.
    static func apply(_ spec: DatasetSpec, to rows: [DatasetRow]) throws -> [DatasetRow] {
        switch (spec.label, spec.labelColumn) {
        case (nil, nil):
            return rows
        case (.some, .some):
            throw DatasetError(file: spec.path, message: "set label or label_column, not both")
        case (let label?, nil):
            return rows.map { row in
                var labelled = row
                labelled.label = label
                return labelled
            }
        case (nil, let column?):
            return try rows.map { row in
                guard let value = row.fields[column]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                    let problem = row.fields[column] == nil ? "has no label column '\(column)'" : "has an empty label column '\(column)'"
                    throw DatasetError(file: spec.path, line: row.line, message: "the row \(problem)")
                }
                var labelled = row
                labelled.label = value
                return labelled
            }
        }
    }
}
