import ModelLoading
import Store

extension LoadedModel {
    /// The model as unit files record it: the job's name for it, its path and architecture, the
    /// sha256 of the file that identifies its weights, and the arithmetic it computed in.
    func identity(name: String) throws -> ModelIdentity {
        ModelIdentity(name: name, path: path, architecture: config.architecture, sha256: try weightsSHA256(),
                      compute: compute)
    }
}
