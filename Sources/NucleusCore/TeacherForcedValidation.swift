/// What `task: score` and `task: rank` refuse alike: their texts go to the model exactly as
/// written, so nothing that builds prompts applies (few-shot exemplars, an instruction), and
/// several techniques or samples would only repeat the same numbers once per cell.
extension JobValidation {
    func checkNoPromptBuilding(_ dataset: DatasetSpec, at: String, job: JobSpec) throws {
        let task = dataset.task.rawValue
        let (each, inputs, results, advice) = dataset.task == .rank
            ? ("each filled template", "filled templates", "rankings", "")
            : ("each text", "scored texts", "scores", "; put generation datasets with several techniques in a job of their own")
        if dataset.fewshotPool != nil {
            throw JobSpecIssue(keyPath: "\(at).fewshot_pool", message: "task \(task) reads \(each) as written: few-shot exemplars do not apply")
        }
        if dataset.instruction != nil {
            throw JobSpecIssue(keyPath: "\(at).instruction", message: "task \(task) reads \(each) as written: an instruction does not apply")
        }
        if job.techniques.count != 1 {
            throw JobSpecIssue(
                keyPath: "techniques",
                message: "a job with a task: \(task) dataset takes exactly one technique (techniques do not apply to \(inputs); each would repeat the same \(results)), got \(job.techniques.count)\(advice)")
        }
        let drawer = dataset.task == .rank ? "ranking" : "scoring"
        if let grid = job.settingsGrid, grid.count != 1 {
            throw JobSpecIssue(
                keyPath: "generation",
                message: "a job with a task: \(task) dataset takes one generation settings block (\(drawer) samples nothing; each block would repeat the same \(results)), got \(grid.count)")
        }
        if let samples = job.generation.samples, samples != 1 {
            throw JobSpecIssue(keyPath: "generation.samples",
                               message: "a job with a task: \(task) dataset takes samples: 1 (\(drawer) draws nothing), got \(samples)")
        }
    }
}
