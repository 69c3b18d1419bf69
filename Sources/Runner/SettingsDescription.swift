import NucleusCore

extension JobRun {
    /// The settings axis for `--dry-run`: each block with the values it sets (before any model's
    /// generation_config.json fills the rest) and its sample count.
    func settingsDescription() throws -> String {
        let blocks = try job.settingsNames.compactMap { name -> String? in
            guard let name else { return nil }
            let settings = try job.generationSettings(settings: name)
            return "\(name) (temperature \(settings.temperature), top_k \(settings.topK), top_p \(settings.topP), "
                + "min_p \(settings.minP), repetition_penalty \(settings.repetitionPenalty), \(settings.samples) samples)"
        }
        return "settings: " + blocks.joined(separator: ", ")
    }
}
