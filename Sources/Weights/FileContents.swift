import Foundation

/// Whole small files (config.json, index.json, .npy) read with an error in words: Foundation's own
/// text on Linux ("The operation could not be completed…") does not say what is wrong.
enum FileContents {
    static func read(_ path: String) throws(WeightsError) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw WeightsError(file: path, "no such file")
        }
        if isFolder.boolValue { throw WeightsError(file: path, "is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw WeightsError(file: path, "permission denied") }
        guard let data = FileManager.default.contents(atPath: path) else { throw WeightsError(file: path, "cannot read the file") }
        return data
    }
}

extension WeightsError {
    /// The bytes of a small file, or an error naming it and the reason.
    public static func readFile(_ path: String) throws(WeightsError) -> Data { try FileContents.read(path) }
}
