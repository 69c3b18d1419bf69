/// Checks of a `task: rank` dataset entry. A filled template goes to the model exactly as written,
/// so nothing that builds prompts applies; as for scoring, a job that combines them is refused
/// rather than repeating the same rankings once per technique or sample cell.
extension JobValidation {
    func checkRanked(_ dataset: DatasetSpec, at: String, job: JobSpec) throws {
        guard dataset.ranking != nil else {
            throw JobSpecIssue(keyPath: "\(at).task",
                               message: "task rank needs a ranking: block (slots: FILE.csv, candidates: FILE.csv or a list)")
        }
        if dataset.columns != nil {
            throw JobSpecIssue(keyPath: "\(at).columns", message: "task rank reads the templates file's id and template columns: columns do not apply")
        }
        try checkNoPromptBuilding(dataset, at: at, job: job)
    }

    /// `ranking:` belongs to `task: rank` only.
    func checkNotRanked(_ dataset: DatasetSpec, at: String) throws {
        if dataset.ranking != nil {
            throw JobSpecIssue(keyPath: "\(at).ranking", message: "ranking: applies to task: rank; this dataset's task is \(dataset.task.rawValue)")
        }
    }
}
