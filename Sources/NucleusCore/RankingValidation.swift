/// Checks of a `task: rank` dataset entry. A filled template goes to the model exactly as written,
/// so nothing that builds prompts applies; as for scoring, a job that combines them is refused
/// rather than repeating the same rankings once per technique or sample cell.
extension JobValidation {
    func checkRanked(_ dataset: DatasetSpec, at: String, job: JobSpec) throws {
        guard dataset.ranking != nil else {
            throw JobSpecIssue(keyPath: "\(at).task",
                               message: "task rank needs a ranking: block (slots: FILE.csv, candidates: FILE.csv or a list)")
        }
        if dataset.fewshotPool != nil {
            throw JobSpecIssue(keyPath: "\(at).fewshot_pool", message: "task rank reads each filled template as written: few-shot exemplars do not apply")
        }
        if dataset.instruction != nil {
            throw JobSpecIssue(keyPath: "\(at).instruction", message: "task rank reads each filled template as written: an instruction does not apply")
        }
        if dataset.columns != nil {
            throw JobSpecIssue(keyPath: "\(at).columns", message: "task rank reads the templates file's id and template columns: columns do not apply")
        }
        if job.techniques.count != 1 {
            throw JobSpecIssue(
                keyPath: "techniques",
                message: "a job with a task: rank dataset takes exactly one technique (techniques do not apply to filled templates; each would repeat the same rankings), got \(job.techniques.count)")
        }
        if let samples = job.generation.samples, samples != 1 {
            throw JobSpecIssue(keyPath: "generation.samples",
                               message: "a job with a task: rank dataset takes samples: 1 (ranking draws nothing), got \(samples)")
        }
    }

    /// `ranking:` belongs to `task: rank` only.
    func checkNotRanked(_ dataset: DatasetSpec, at: String) throws {
        if dataset.ranking != nil {
            throw JobSpecIssue(keyPath: "\(at).ranking", message: "ranking: applies to task: rank; this dataset's task is \(dataset.task.rawValue)")
        }
    }
}
