import Testing
@testable import Kernels

@Suite struct RowOpsTests {
    @Test func addBiasAndSoftCap() {
        var x: [Float] = [1, 2, 3, 4, 5, 6]
        Elementwise.addBias(&x, bias: [10, 20, 30], rows: 2, width: 3)
        #expect(x == [11, 22, 33, 14, 25, 36])
        var logits: [Float] = [0, 30, -300, 3]
        Elementwise.softCap(&logits, count: 4, cap: 30)
        // 30·tanh(1) = 22.84782…, 30·tanh(−10) = −29.9999998…, 30·tanh(0.1) = 2.99004…
        #expect(logits[0] == 0)
        #expect(abs(logits[1] - 22.847_825) <= 1e-4)
        #expect(abs(logits[2] + 29.999_998) <= 1e-4)
        #expect(abs(logits[3] - 2.990_040) <= 1e-5)
    }
}
