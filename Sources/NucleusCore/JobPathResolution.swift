import Foundation

/// Expands `${VAR}` and resolves relative paths of a decoded job against its file's folder.
struct JobPathResolution {
    let directory: String
    let environment: [String: String]

    func resolve(_ spec: inout JobSpec) throws {
        spec.output = try resolved(spec.output, at: "output")
        for index in spec.models.indices {
            spec.models[index].path = try resolved(spec.models[index].path, at: "models[\(index)].path")
        }
        for index in spec.datasets.indices {
            spec.datasets[index].path = try resolved(spec.datasets[index].path, at: "datasets[\(index)].path")
            if let pool = spec.datasets[index].fewshotPool {
                spec.datasets[index].fewshotPool?.path = try resolved(
                    pool.path, at: "datasets[\(index)].fewshot_pool.path")
            }
            if let ranking = spec.datasets[index].ranking {
                spec.datasets[index].ranking = try resolved(ranking, at: "datasets[\(index)].ranking")
            }
        }
    }

    private func resolved(_ ranking: RankingSpec, at keyPath: String) throws -> RankingSpec {
        var ranking = ranking
        ranking.slots = try resolved(ranking.slots, at: "\(keyPath).slots")
        if case .file(let path) = ranking.candidates {
            ranking.candidates = .file(try resolved(path, at: "\(keyPath).candidates"))
        }
        return ranking
    }

    private func resolved(_ raw: String, at keyPath: String) throws -> String {
        let expanded = try expandVariables(raw, at: keyPath)
        guard !expanded.isEmpty else {
            throw JobSpecIssue(keyPath: keyPath, message: "expected a path, got nothing")
        }
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded)
            : URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(expanded)
        return url.standardizedFileURL.path
    }

    /// Replaces each `${NAME}` with its environment value (an unset variable is an error) and
    /// each `${NAME:-fallback}` with the value, or the fallback when unset or empty.
    func expandVariables(_ text: String, at keyPath: String) throws -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw JobSpecIssue(keyPath: keyPath, message: "unclosed '${' in '\(text)'")
            }
            let expression = String(rest[open.upperBound..<close])
            if let dash = expression.range(of: ":-") {
                let value = environment[String(expression[..<dash.lowerBound])] ?? ""
                out += value.isEmpty ? String(expression[dash.upperBound...]) : value
            } else {
                guard let value = environment[expression] else {
                    throw JobSpecIssue(keyPath: keyPath, message: "environment variable '\(expression)' is not set")
                }
                out += value
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
