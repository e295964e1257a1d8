/// The rows x̃ = [x, 1] (or x without a bias) of a linear network, and where each output's coefficients sit
/// in θ (docs/PROTOCOL.md §2: weight [K, d] then bias [K], C order).
struct DesignMatrix {
    let rows: Int
    let columns: Int
    let values: [Double]
    let features: Int
    let bias: Bool

    init(_ x: [Double], count n: Int, features d: Int, bias: Bool) {
        rows = n
        features = d
        self.bias = bias
        columns = bias ? d + 1 : d
        if bias {
            var v = [Double](repeating: 1, count: n * (d + 1))
            for i in 0..<n { for j in 0..<d { v[i * (d + 1) + j] = x[i * d + j] } }
            values = v
        } else {
            values = x
        }
    }

    /// Index in θ of output k's coefficient on design column j (j = d is the bias).
    @inline(__always) func parameter(output k: Int, column j: Int, outputs: Int) -> Int {
        j < features ? k * features + j : outputs * features + k
    }
}
