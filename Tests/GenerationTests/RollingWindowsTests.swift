import Generation
import Testing

/// The window plan: every position 1..<n scored exactly once, each window within L tokens, each
/// later window's first target with L − stride + 1 tokens of context.
@Suite struct RollingWindowsTests {
    @Test(arguments: [(1, 1), (4, 4), (4, 2), (8, 3), (8, 1), (16, 16)])
    func everyPositionOnceWithinTheWindow(window: Int, stride: Int) throws {
        let plan = try RollingWindows(window: window, stride: stride)
        for count in 0...40 {
            let windows = plan.windows(count: count)
            #expect(windows.flatMap { Array($0.targets) } == Array(count < 2 ? [] : Array(1..<count)))
            for (index, item) in windows.enumerated() {
                #expect(item.input.count <= window)
                #expect(item.input.upperBound == item.targets.upperBound - 1)
                if index > 0 {
                    #expect(item.targets.count <= stride)
                    #expect(item.targets.lowerBound - item.inputStart == min(item.targets.lowerBound, window - item.targets.count + 1))
                }
            }
        }
    }

    @Test func fittingTextIsOneWindow() throws {
        let plan = try RollingWindows(window: 10, stride: 5)
        #expect(plan.windows(count: 11) == [RollingWindows.Window(inputStart: 0, targets: 1..<11)])
        #expect(plan.windows(count: 12).count == 2)
        #expect(plan.windows(count: 12)[1] == RollingWindows.Window(inputStart: 1, targets: 11..<12))
    }

    @Test func badSettingsAreRefused() {
        #expect(throws: GenerationError.self) { try RollingWindows(window: 0, stride: 1) }
        #expect(throws: GenerationError.self) { try RollingWindows(window: 4, stride: 5) }
        #expect(throws: GenerationError.self) { try RollingWindows(window: 4, stride: 0) }
    }
}
