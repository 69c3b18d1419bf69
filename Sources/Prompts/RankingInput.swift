import Foundation
import NucleusCore

/// The inputs of a `task: rank` dataset, read and checked before any model loads: templates,
/// slot values with their surface forms, candidates, and the filled templates they make.
///
/// Filled templates = each template (file order) × every combination of the values of the slots
/// it names (slots in order of first appearance, values in file order) × every combination of
/// those values' surface forms. Every surface form is scored as its own row; the reducer's score of
/// a candidate for a group is the mean over the group's surface forms of the summed log-probabilities
/// (so a group written two ways is not counted twice, and no form is privileged).
public struct RankingInput: Sendable, Equatable {
    public let templates: [RankingTemplate]
    /// Slot name → its values in file order.
    public let slots: [String: [SlotValue]]
    public let candidates: [String]
    public let separator: String
    /// Filled templates as dataset rows (after `start`/`limit`); their `fields` carry
    /// `template_id`, `group` (value names joined by `+`) and `form` (surface forms joined by `+`).
    public let rows: [DatasetRow]

    public static let templateIDField = "template_id"
    public static let groupField = "group"
    public static let formField = "form"

    /// Reads the dataset's templates (its `path`), slots and candidates.
    /// - Throws: `DatasetError` naming the file and line, or a `JobSpecError` at the job file's
    ///   key for candidates written inline.
    public static func load(_ spec: DatasetSpec, at datasetIndex: Int, in job: JobSpec) throws -> RankingInput {
        guard let ranking = spec.ranking else {
            throw job.error(at: "datasets[\(datasetIndex)]", "a rank dataset needs a ranking: block (slots, candidates)")
        }
        let slots = try readSlots(ranking.slots)
        let templates = try readTemplates(spec.path, slots: slots, slotsFile: ranking.slots)
        let candidates = try readCandidates(ranking.candidates, at: "datasets[\(datasetIndex)].ranking.candidates", in: job)
        let filled = fill(templates, slots: slots)
        guard spec.start < filled.count else {
            throw DatasetError(file: spec.path, message: "start \(spec.start) is past the last filled template (there are \(filled.count))")
        }
        let end = spec.limit.map { min(filled.count, spec.start + $0) } ?? filled.count
        return RankingInput(templates: templates, slots: slots, candidates: candidates, separator: ranking.separator,
                            rows: Array(filled[spec.start..<end]))
    }

    /// The rows as a `Dataset` for planning: no instruction, text answers.
    public func dataset(_ spec: DatasetSpec) -> Dataset {
        Dataset(name: spec.name, path: spec.path, shape: spec.shape, instruction: nil, answerType: .text, rows: rows)
    }

    /// Text that changes when any input changes (the job hash includes it: the files are read by
    /// content, not by name).
    public var fingerprint: String {
        var lines = ["separator=\(separator.debugDescription)"]
        lines += templates.map { "template \($0.id)=\($0.text.debugDescription)" }
        for name in slots.keys.sorted() {
            lines += slots[name, default: []].map { "slot \(name).\($0.name)=\($0.forms.map(\.debugDescription).joined(separator: ","))" }
        }
        lines += candidates.map { "candidate \($0.debugDescription)" }
        return lines.joined(separator: "\n")
    }

    static func readSlots(_ path: String) throws -> [String: [SlotValue]] {
        let records = try readCSV(path, columns: ["slot", "value", "form"])
        var order: [String: [String]] = [:]
        var forms: [String: [String: [String]]] = [:]
        var seen: [String: Int] = [:]
        for record in records {
            let slot = record.fields["slot", default: ""], value = record.fields["value", default: ""]
            let form = record.fields["form", default: ""]
            for (column, text) in [("slot", slot), ("value", value), ("form", form)]
            where text.trimmingCharacters(in: .whitespaces).isEmpty {
                throw DatasetError(file: path, line: record.line, message: "empty \(column)")
            }
            guard slot.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw DatasetError(file: path, line: record.line, message: "slot '\(slot)' is not a name (letters, digits, '_')")
            }
            guard !value.contains("+") else {
                throw DatasetError(file: path, line: record.line, message: "value '\(value)' contains '+', which joins the values of several slots")
            }
            let key = "\(slot)\u{0}\(value)\u{0}\(form)"
            if let earlier = seen[key] {
                throw DatasetError(file: path, line: record.line, message: "duplicate form '\(form)' of \(slot) '\(value)' (already on line \(earlier))")
            }
            seen[key] = record.line
            if forms[slot]?[value] == nil { order[slot, default: []].append(value) }
            forms[slot, default: [:]][value, default: []].append(form)
        }
        guard !order.isEmpty else { throw DatasetError(file: path, message: "no slot values") }
        return order.reduce(into: [:]) { result, entry in
            result[entry.key] = entry.value.map { SlotValue(name: $0, forms: forms[entry.key]?[$0] ?? []) }
        }
    }

    static func readTemplates(_ path: String, slots: [String: [SlotValue]], slotsFile: String) throws -> [RankingTemplate] {
        let records = try readCSV(path, columns: ["id", "template"])
        var templates: [RankingTemplate] = []
        var lineOfID: [String: Int] = [:]
        for record in records {
            let id = record.fields["id", default: ""], text = record.fields["template", default: ""]
            guard !id.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DatasetError(file: path, line: record.line, message: "empty template id")
            }
            if let earlier = lineOfID[id] {
                throw DatasetError(file: path, line: record.line, message: "duplicate template id '\(id)' (already on line \(earlier))")
            }
            lineOfID[id] = record.line
            let pieces: [RankingTemplate.Piece]
            do {
                pieces = try RankingTemplate.pieces(of: text)
            } catch {
                throw DatasetError(file: path, line: record.line, message: "template '\(id)': \(error.message)")
            }
            let names = RankingTemplate.slotNames(in: pieces)
            guard !names.isEmpty else {
                throw DatasetError(file: path, line: record.line, message: "template '\(id)' has no {slot} placeholder")
            }
            if let missing = names.first(where: { slots[$0] == nil }) {
                throw DatasetError(
                    file: path, line: record.line,
                    message: "template '\(id)' names slot '{\(missing)}', which \(slotsFile) does not define (it defines: \(slots.keys.sorted().joined(separator: ", ")))")
            }
            templates.append(RankingTemplate(id: id, text: text, line: record.line))
        }
        guard !templates.isEmpty else { throw DatasetError(file: path, message: "no templates") }
        return templates
    }

    static func readCandidates(_ list: CandidateList, at keyPath: String, in job: JobSpec) throws -> [String] {
        var candidates: [String] = []
        switch list {
        case .file(let path):
            var lineOf: [String: Int] = [:]
            for record in try readCSV(path, columns: ["candidate"]) {
                let candidate = record.fields["candidate", default: ""]
                guard !candidate.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw DatasetError(file: path, line: record.line, message: "empty candidate")
                }
                if let earlier = lineOf[candidate] {
                    throw DatasetError(file: path, line: record.line, message: "duplicate candidate '\(candidate)' (already on line \(earlier))")
                }
                lineOf[candidate] = record.line
                candidates.append(candidate)
            }
            guard !candidates.isEmpty else { throw DatasetError(file: path, message: "no candidates") }
        case .inline(let names):
            for (index, candidate) in names.enumerated() {
                guard !candidate.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw job.error(at: "\(keyPath)[\(index)]", "empty candidate")
                }
                if let earlier = candidates.firstIndex(of: candidate) {
                    throw job.error(at: "\(keyPath)[\(index)]", "duplicate candidate '\(candidate)' (already \(keyPath)[\(earlier)])")
                }
                candidates.append(candidate)
            }
            guard !candidates.isEmpty else { throw job.error(at: keyPath, "expected at least one candidate") }
        }
        return candidates
    }

    static func fill(_ templates: [RankingTemplate], slots: [String: [SlotValue]]) -> [DatasetRow] {
        var rows: [DatasetRow] = []
        for template in templates {
            // Checked by `readTemplates`: every template parses and names only defined slots.
            guard let pieces = try? RankingTemplate.pieces(of: template.text) else { continue }
            let names = RankingTemplate.slotNames(in: pieces)
            for values in combinations(names.map { slots[$0] ?? [] }) {
                for forms in combinations(values.map(\.forms)) {
                    let chosen = Dictionary(uniqueKeysWithValues: zip(names, forms))
                    let text = pieces.map { piece -> String in
                        switch piece {
                        case .text(let literal): literal
                        case .slot(let name): chosen[name] ?? ""
                        }
                    }.joined()
                    let group = values.map(\.name).joined(separator: "+")
                    let form = forms.joined(separator: "+")
                    rows.append(DatasetRow(
                        index: rows.count, line: template.line, prompt: text, reference: "",
                        fields: [templateIDField: template.id, groupField: group, formField: form]))
                }
            }
        }
        return rows
    }

    /// Cartesian product, the first list varying slowest.
    static func combinations<Element>(_ lists: [[Element]]) -> [[Element]] {
        lists.reduce([[]]) { partial, list in partial.flatMap { prefix in list.map { prefix + [$0] } } }
    }

    private static func readCSV(_ path: String, columns: [String]) throws -> [RawRecord] {
        guard URL(fileURLWithPath: path).pathExtension.lowercased() == "csv" else {
            throw DatasetError(file: path, message: "expected a .csv file with columns \(columns.joined(separator: ", "))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, message: "cannot read the file")
        }
        let records = try CSVReader.read(data, file: path)
        if let first = records.first, let missing = columns.first(where: { first.fields[$0] == nil }) {
            throw DatasetError(file: path, line: 1, message: "missing column '\(missing)' (expected \(columns.joined(separator: ", ")))")
        }
        return records
    }
}
