import Foundation
import Yams

extension JobSpec {
    /// Reads, decodes and validates a job file; paths come back absolute.
    ///
    /// - Parameter environment: values for `${VAR}` in paths.
    /// - Throws: `JobSpecError`, one line naming the file, the key path and the problem.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> JobSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JobSpecError(file: path, keyPath: "", message: "cannot read the job file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw JobSpecError(file: path, keyPath: "", message: "the job file is not UTF-8 text")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path
        return try parse(yaml: text, path: path, directory: directory, environment: environment)
    }

    /// Decodes and validates job YAML as if read from `path`, resolving relative paths against
    /// `directory`.
    public static func parse(
        yaml: String, path: String, directory: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> JobSpec {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw JobSpecError(file: path, keyPath: "", message: "the job file is empty")
            }
            root = node
        } catch let error as YamlError {
            throw JobSpecErrorTranslation.error(for: error, file: path)
        }
        let index = YAMLNodeIndex(root: root)
        func located(_ issue: JobSpecIssue) -> JobSpecError {
            JobSpecError(
                file: path, line: index.line(of: issue.keyPath, preferKey: issue.locateKey),
                keyPath: issue.keyPath, message: issue.message)
        }
        do {
            var spec = try YAMLDecoder().decode(JobSpec.self, from: root)
            spec.source = JobSource(path: path, directory: directory, lines: index.valueLines)
            try JobPathResolution(directory: directory, environment: environment).resolve(&spec)
            try JobValidation(index: index).validate(spec)
            return spec
        } catch let issue as JobSpecIssue {
            throw located(issue)
        } catch let error as DecodingError {
            throw located(JobSpecErrorTranslation.issue(for: error, index: index))
        }
    }
}
