/// Checks of `task:` on dataset entries (`ranking:` goes with `task: rank` only). A scored text goes to the model exactly as the dataset holds
/// it, so nothing that builds prompts applies; rather than ignore such keys (and silently repeat the
/// same scoring once per technique or sample cell), a job that combines them is refused.
extension JobValidation {
    func checkTasks(_ spec: JobSpec) throws {
        for (i, dataset) in spec.datasets.enumerated() {
            let at = "datasets[\(i)]"
            switch dataset.task {
            case .generate:
                try checkNotRanked(dataset, at: at)
                for (key, value) in [("window", dataset.window), ("stride", dataset.stride)] where value != nil {
                    throw JobSpecIssue(keyPath: "\(at).\(key)", message: "\(key) sets the rolling windows of task: score; this dataset generates")
                }
                if dataset.columns?.text != nil {
                    throw JobSpecIssue(keyPath: "\(at).columns.text",
                                       message: "columns.text names the text of task: score; this dataset generates (use columns.prompt)")
                }
            case .rank:
                try checkRanked(dataset, at: at, job: spec)
            case .score:
                try checkNotRanked(dataset, at: at)
                try checkScored(dataset, at: at, job: spec)
            }
        }
    }

    private func checkScored(_ dataset: DatasetSpec, at: String, job: JobSpec) throws {
        if let window = dataset.window, window < 1 {
            throw JobSpecIssue(keyPath: "\(at).window", message: "expected an integer ≥ 1, got \(index.written(at: "\(at).window") ?? "\(window)")")
        }
        if let stride = dataset.stride {
            let most = dataset.window.map { "\($0) (the window)" } ?? "the window"
            guard stride >= 1, dataset.window.map({ stride <= $0 }) ?? true else {
                throw JobSpecIssue(keyPath: "\(at).stride", message: "expected an integer in 1...\(most), got \(index.written(at: "\(at).stride") ?? "\(stride)")")
            }
        }
        try checkNoPromptBuilding(dataset, at: at, job: job)
    }
}
