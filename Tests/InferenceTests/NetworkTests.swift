import Foundation
import Testing
@testable import Inference

/// Backpropagation and the Gauss–Newton diagonal against finite differences of the forward pass.
@Suite struct NetworkTests {
    static let architectures: [(Architecture, Likelihood)] = [
        (Architecture(inputs: 3, outputs: 1, network: .linear(bias: true)), .bernoulli),
        (Architecture(inputs: 3, outputs: 3, network: .linear(bias: false)), .categorical(classes: 3)),
        (
            Architecture(inputs: 3, outputs: 1, network: .mlp(hidden: [5, 4], activation: .tanh, bias: true)),
            .gaussian(noiseVariance: 0.7)
        ),
        (
            Architecture(inputs: 3, outputs: 3, network: .mlp(hidden: [4], activation: .tanh, bias: true)),
            .categorical(classes: 3)
        ),
        (Architecture(inputs: 3, outputs: 1, network: .mlp(hidden: [6], activation: .relu, bias: false)), .poisson),
    ]

    static func setUp(_ a: Architecture, n: Int) -> (theta: [Double], x: [Double]) {
        var rng = Xoshiro256(seed: 77)
        var theta = [Double](repeating: 0, count: a.parameterCount)
        rng.fillStandardNormal(&theta)
        var x = [Double](repeating: 0, count: n * a.inputs)
        rng.fillStandardNormal(&x)
        return (theta.map { $0 * 0.5 }, x)
    }

    /// Central differences with step 1e-6: error O(h²) ≈ 1e-12 plus round-off ≈ 1e-10; tolerance 1e-6.
    @Test(arguments: 0..<architectures.count)
    func gradientMatchesFiniteDifferences(index: Int) {
        let (a, likelihood) = Self.architectures[index]
        let n = 6
        let (theta, x) = Self.setUp(a, n: n)
        let y: [Double] = (0..<n).map { Double($0 % 2) }
        let loss = { (t: [Double]) in likelihood.totalLoss(a.forward(t, x, count: n).output, y) }
        let pass = a.forward(theta, x, count: n)
        let g = a.backward(pass, theta, residual: likelihood.residuals(pass.output, y), count: n)
        let h = 1e-6
        for j in 0..<theta.count {
            var plus = theta, minus = theta
            plus[j] += h
            minus[j] -= h
            let numeric = (loss(plus) - loss(minus)) / (2 * h)
            #expect(abs(g[j] - numeric) < 1e-6 * max(1, abs(numeric)), "parameter \(j)")
        }
    }

    /// diag(Σᵢ JᵢᵀΛᵢJᵢ) with each Jᵢ (K × p) built column by column from finite differences of f.
    @Test(arguments: 0..<architectures.count)
    func gaussNewtonDiagonalMatchesBruteForce(index: Int) {
        let (a, likelihood) = Self.architectures[index]
        let n = 5
        let k = a.outputs
        let (theta, x) = Self.setUp(a, n: n)
        let pass = a.forward(theta, x, count: n)
        let w = likelihood.curvatures(pass.output, count: n)
        let ggn = a.gaussNewtonDiagonal(pass, theta, curvature: w, likelihood: likelihood, count: n)
        let h = 1e-6
        for j in 0..<theta.count {
            var plus = theta, minus = theta
            plus[j] += h
            minus[j] -= h
            let fp = a.forward(plus, x, count: n).output
            let fm = a.forward(minus, x, count: n).output
            var total = 0.0
            for i in 0..<n {
                let jac = (0..<k).map { (fp[i * k + $0] - fm[i * k + $0]) / (2 * h) }
                if k == 1 {
                    total += w[i] * jac[0] * jac[0]
                } else {
                    let p = Array(w[(i * k)..<(i * k + k)])
                    let mean = zip(p, jac).reduce(0) { $0 + $1.0 * $1.1 }
                    total += zip(p, jac).reduce(0) { $0 + $1.0 * $1.1 * $1.1 } - mean * mean
                }
            }
            #expect(abs(ggn[j] - total) < 1e-6 * max(1, abs(total)), "parameter \(j)")
        }
    }

    /// J·v from forward-mode differentiation against central differences of f along v.
    @Test(arguments: 0..<architectures.count)
    func jacobianVectorProductMatchesFiniteDifferences(index: Int) {
        let (a, _) = Self.architectures[index]
        let n = 5
        let (theta, x) = Self.setUp(a, n: n)
        var rng = Xoshiro256(seed: 78)
        var v = [Double](repeating: 0, count: a.parameterCount)
        rng.fillStandardNormal(&v)
        let jv = a.jacobianVectorProduct(a.forward(theta, x, count: n), theta, direction: v, count: n)
        let h = 1e-6
        let fp = a.forward(zip(theta, v).map { $0 + h * $1 }, x, count: n).output
        let fm = a.forward(zip(theta, v).map { $0 - h * $1 }, x, count: n).output
        #expect(jv.count == n * a.outputs)
        for i in 0..<jv.count {
            let numeric = (fp[i] - fm[i]) / (2 * h)
            #expect(abs(jv[i] - numeric) < 1e-6 * max(1, abs(numeric)), "output \(i)")
        }
    }

    @Test func layoutFollowsTheContract() {
        let linear = Architecture(inputs: 4, outputs: 3, network: .linear(bias: true))
        #expect(
            linear.layout == [ParameterBlock(name: "weight", shape: [3, 4]), ParameterBlock(name: "bias", shape: [3])])
        #expect(linear.parameterCount == 15)
        let mlp = Architecture(inputs: 2, outputs: 1, network: .mlp(hidden: [5], activation: .relu, bias: true))
        #expect(mlp.layout.map(\.name) == ["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"])
        #expect(mlp.layout.map(\.shape) == [[5, 2], [5], [1, 5], [1]])
    }
}

/// The fused one-pass kernel computes the same sums as the general BLAS path (1e-12 relative: only the
/// summation order differs).
@Suite struct LinearKernelTests {
    @Test(arguments: [Likelihood.gaussian(noiseVariance: 0.3), .bernoulli, .poisson])
    func kernelEqualsTheGeneralPath(likelihood: Likelihood) {
        let a = Architecture(inputs: 4, outputs: 1, network: .linear(bias: true))
        let n = 50
        let (theta, x) = NetworkTests.setUp(a, n: n)
        let y: [Double] = (0..<n).map { Double($0 % 3 == 0 ? 1 : 0) }
        let sums = LinearKernel.sums(
            theta, x: x, y: y, features: 4, bias: true, likelihood: likelihood, curvature: true)
        let pass = a.forward(theta, x, count: n)
        let (r, w) = likelihood.residualsAndCurvatures(pass.output, y)
        #expect(Fixtures.relativeError(sums.gradient, a.backward(pass, theta, residual: r, count: n)) < 1e-12)
        #expect(
            Fixtures.relativeError(
                sums.gaussNewton, a.gaussNewtonDiagonal(pass, theta, curvature: w, likelihood: likelihood, count: n))
                < 1e-12)
        let loss = LinearKernel.loss(theta, x: x, y: y, features: 4, bias: true, likelihood: likelihood)
        #expect(abs(loss - likelihood.totalLoss(pass.output, y)) < 1e-12 * abs(loss))
    }
}
