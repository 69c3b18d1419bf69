import Foundation

/// Memory figures of this process, for benchmark reports.
public enum BenchMemory {
    /// Peak resident set size in bytes: `VmHWM` of /proc/self/status (Linux), else getrusage's
    /// ru_maxrss (kilobytes on Linux, bytes on macOS). Mapped weight pages count once touched, so a
    /// memory-mapped checkpoint shows up here as it is read. Nil when neither is available.
    public static func peakResidentBytes() -> Int? {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let kilobytes = statusKilobytes(status, key: "VmHWM") {
            return kilobytes * 1024
        }
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) * 1024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss)
        #endif
    }

    /// The value of a `Key:   1234 kB` line of /proc/self/status, in kB.
    static func statusKilobytes(_ status: String, key: String) -> Int? {
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            let fields = line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            return fields.first.flatMap { Int($0) }
        }
        return nil
    }

    /// Bytes of the weight files of a model path: a GGUF file's size, or the `.safetensors` files of a folder.
    public static func weightFileBytes(_ path: String) -> Int? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        let files: [String]
        if isDirectory.boolValue {
            guard let names = try? manager.contentsOfDirectory(atPath: path) else { return nil }
            files = names.filter { $0.hasSuffix(".safetensors") }.map { (path as NSString).appendingPathComponent($0) }
        } else {
            files = [path]
        }
        let sizes = files.compactMap { (try? manager.attributesOfItem(atPath: $0))?[.size] as? NSNumber }
        return sizes.isEmpty ? nil : sizes.reduce(0) { $0 + $1.intValue }
    }
}
