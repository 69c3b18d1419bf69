import Foundation
import Testing
@testable import Scheduling

@Suite struct StopSignalsTests {
    @Test func signalRaisesTheFlag() throws {
        let flag = StopFlag()
        let watch = StopSignals([SIGUSR2], raising: flag)
        #expect(!flag.isRaised)
        kill(getpid(), SIGUSR2)
        let deadline = Date(timeIntervalSinceNow: 5)
        while !flag.isRaised, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(flag.isRaised)
        withExtendedLifetime(watch) {}
    }
}
