import Foundation

/// Processor time of this process, so a report can say whether its threads had the cores to
/// themselves: on a busy machine wall-clock rates fall while CPU time stays.
public enum BenchCPUTime {
    /// User + system seconds of every thread of this process so far (getrusage); 0 when unavailable.
    public static func processSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
