import Foundation

/// Checks a decoded, path-resolved job: names, list sizes, uniqueness, ranges and paths.
/// The first problem in file order is thrown as a `JobSpecIssue`.
struct JobValidation {
    let index: YAMLNodeIndex

    func validate(_ spec: JobSpec) throws {
        try checkName(spec.name, at: "name")
        try require(spec.unitSize >= 1, at: "unit_size", expected: "an integer ≥ 1", value: spec.unitSize)
        try require(spec.batchSize >= 1, at: "batch_size", expected: "an integer ≥ 1", value: spec.batchSize)
        try checkModels(spec.models)
        try checkDatasets(spec.datasets)
        try checkTechniques(spec.techniques)
        try checkDatasetTechniques(spec)
        try checkTasks(spec)
        try checkSettings(spec)
    }

    private func checkModels(_ models: [ModelSpec]) throws {
        try checkNames(models.map(\.name), list: "models", keyPaths: models.indices.map { "models[\($0)].name" })
        for (i, model) in models.enumerated() where !FileManager.default.fileExists(atPath: model.path) {
            throw JobSpecIssue(keyPath: "models[\(i)].path", message: "no such file or folder: \(model.path)")
        }
    }

    private func checkDatasets(_ datasets: [DatasetSpec]) throws {
        try checkNames(
            datasets.map(\.name), list: "datasets", keyPaths: datasets.indices.map { "datasets[\($0)].name" })
        for (i, dataset) in datasets.enumerated() {
            let at = "datasets[\(i)]"
            try checkDataFile(dataset.path, at: "\(at).path")
            if dataset.shape == .custom, dataset.task != .rank, dataset.columns?.prompt == nil,
               dataset.task != .score || dataset.columns?.text == nil {
                let needed = dataset.task == .score ? "{text: COLUMN}" : "{prompt: COLUMN}"
                throw JobSpecIssue(keyPath: "\(at).columns", message: "shape custom needs columns: \(needed)")
            }
            try checkLabel(dataset, at: at)
            try require(dataset.start >= 0, at: "\(at).start", expected: "an integer ≥ 0", value: dataset.start)
            if let limit = dataset.limit {
                try require(limit >= 1, at: "\(at).limit", expected: "an integer ≥ 1", value: limit)
            }
            if let pool = dataset.fewshotPool {
                try checkDataFile(pool.path, at: "\(at).fewshot_pool.path")
                if (pool.shape ?? dataset.shape) == .custom, (pool.columns ?? dataset.columns)?.prompt == nil {
                    throw JobSpecIssue(
                        keyPath: "\(at).fewshot_pool.columns", message: "shape custom needs columns: {prompt: COLUMN}")
                }
            }
        }
    }

    /// One way of labelling rows, and no empty names.
    private func checkLabel(_ dataset: DatasetSpec, at: String) throws {
        if dataset.label != nil, dataset.labelColumn != nil {
            throw JobSpecIssue(keyPath: "\(at).label_column", message: "set label or label_column, not both")
        }
        if dataset.label?.isEmpty == true {
            throw JobSpecIssue(keyPath: "\(at).label", message: "expected a non-empty label")
        }
        if dataset.labelColumn?.isEmpty == true {
            throw JobSpecIssue(keyPath: "\(at).label_column", message: "expected a column name")
        }
    }

    private func checkDataFile(_ path: String, at keyPath: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw JobSpecIssue(keyPath: keyPath, message: "no such file: \(path)")
        }
        let fileExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard !isFolder.boolValue, ["jsonl", "csv"].contains(fileExtension) else {
            throw JobSpecIssue(keyPath: keyPath, message: "expected a .jsonl or .csv file, got \(path)")
        }
    }

    private func checkTechniques(_ techniques: [TechniqueSpec]) throws {
        let namePaths = techniques.enumerated().map { i, technique in
            if case .inline = technique { "techniques[\(i)].name" } else { "techniques[\(i)]" }
        }
        try checkNames(techniques.map(\.name), list: "techniques", keyPaths: namePaths)
        for (i, technique) in techniques.enumerated() {
            guard case .inline(let definition) = technique, let shots = definition.shots else { continue }
            try require(shots >= 0, at: "techniques[\(i)].shots", expected: "an integer ≥ 0", value: shots)
        }
    }

    /// A dataset's `techniques:` names a non-empty subset of the job's techniques, each once.
    private func checkDatasetTechniques(_ spec: JobSpec) throws {
        let known = spec.techniques.map(\.name)
        for (i, dataset) in spec.datasets.enumerated() {
            guard let names = dataset.techniques else { continue }
            let at = "datasets[\(i)].techniques"
            try checkNames(names, list: at, keyPaths: names.indices.map { "\(at)[\($0)]" })
            for (j, name) in names.enumerated() where !known.contains(name) {
                throw JobSpecIssue(
                    keyPath: "\(at)[\(j)]",
                    message: "unknown technique '\(name)' (the job's techniques: \(known.joined(separator: ", ")))")
            }
        }
    }

    /// Range checks live with the resolution of settings (`SettingsResolution`); here the job's own
    /// values are checked with no model defaults, and a problem is located in the file.
    private func checkSettings(_ spec: JobSpec) throws {
        for block in spec.settingsGrid ?? [] {
            try checkName(block.name, at: block.keyPath == "generation" ? "generation" : "\(block.keyPath).name")
        }
        do {
            for settings in spec.settingsNames { _ = try spec.generationSettings(settings: settings) }
            try SettingsResolution.checkAnalysis(of: spec)
        } catch let error as SettingsError {
            guard case .job(_, let keyPath) = error.origin else { throw error }
            if keyPath.hasSuffix(".stop") {
                let block = spec.settingsGrid?.first { "\($0.keyPath).stop" == keyPath }?.spec ?? spec.generation
                if let empty = block.stop?.firstIndex(of: "") {
                    throw JobSpecIssue(keyPath: "\(keyPath)[\(empty)]", message: "expected a non-empty string, got nothing")
                }
            }
            let got = index.written(at: keyPath) ?? "'\(error.value)'"
            throw JobSpecIssue(keyPath: keyPath, message: "expected \(error.expected), got \(got)")
        }
    }

    /// Names must be non-empty lists of folder-safe, unique labels.
    private func checkNames(_ names: [String], list: String, keyPaths: [String]) throws {
        guard !names.isEmpty else {
            throw JobSpecIssue(keyPath: list, message: "expected at least one entry, got an empty list")
        }
        var firstIndex: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            let at = keyPaths[i]
            try checkName(name, at: at)
            if let earlier = firstIndex[name] {
                throw JobSpecIssue(
                    keyPath: at, message: "duplicate name '\(name)' (already used by \(keyPaths[earlier]))")
            }
            firstIndex[name] = i
        }
    }

    private func checkName(_ name: String, at keyPath: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
        }
        guard !name.isEmpty, allowed else {
            throw JobSpecIssue(
                keyPath: keyPath,
                message: "expected a name of letters, digits, '.', '_' and '-', got \(index.written(at: keyPath) ?? "'\(name)'")")
        }
    }

    private func require<Value>(_ condition: Bool, at keyPath: String, expected: String, value: Value) throws {
        guard !condition else { return }
        let got = index.written(at: keyPath) ?? "'\(value)'"
        throw JobSpecIssue(keyPath: keyPath, message: "expected \(expected), got \(got)")
    }
}
