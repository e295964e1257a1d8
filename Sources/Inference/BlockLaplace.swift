import COpenBLAS
import RealModule

/// Laplace for a softmax with a block posterior (`BlockGaussian`): the mode θ* of
/// J(θ) = Σᵢ [log Σₖ e^{fᵢₖ} − f_{i,yᵢ}] + ½ Σₖ (θₖ − mₖ)ᵀPₖ(θₖ − mₖ), then block k's precision Pₖ + Σᵢ pᵢₖ(1 − pᵢₖ)x̃ᵢx̃ᵢᵀ
/// at θ*.
///
/// Newton–CG: each Newton step solves H Δ = ∇J with the full Hessian H = P + Σᵢ (Λᵢ ⊗ x̃ᵢx̃ᵢᵀ), Λᵢ = diag(pᵢ) − pᵢpᵢᵀ,
/// by conjugate gradients preconditioned with the block-diagonal part (Nocedal & Wright, Numerical Optimization,
/// §7.1, Algorithm 7.1; §5.1). A product Hv costs two n × (d + 1) × K matrix products and never forms the
/// (K(d + 1))² matrix; the blocks' Cholesky factors at m₀ precondition every solve of the batch (two triangular
/// solves each), and the blocks at the mode are the posterior's. The block curvature alone, as a Newton matrix, made a block-Jacobi iteration that crawled
/// along the directions it misjudges (adding one vector to every class changes no prediction: the gradient was
/// still 0.02 after 200 iterations). Steps are backtracked (Armijo) until the Newton decrement is below 0.01,
/// then taken whole (Boyd & Vandenberghe §9.5.3); the iteration stops within `tolerance` posterior sds.
///
/// All arithmetic is on the c × K matrix W whose column k is block k's [wₖ, bₖ] (c = d + 1).
enum BlockLaplace {
    static func update(
        _ prior: BlockGaussian, x: [Double], y: [Double], iterations: Int, tolerance: Double
    ) throws -> BlockGaussian {
        let k = prior.outputs
        let c = prior.size
        let n = y.count
        let design = DesignMatrix(x, count: n, features: prior.inputs, bias: prior.bias)
        let labels = y.map { Int($0) }
        var w = matrix(prior.mean, prior)
        let m0 = w
        var value = objective(w, m0, prior, design, labels)
        // The block curvature at m₀ preconditions every Newton–CG solve of this batch (the products use the
        // current probabilities, so the mode is exact); the posterior's blocks are recomputed at the mode.
        let (_, startProbabilities) = gradientAndProbabilities(w, m0, prior, design, labels)
        let start = try blockHessians(startProbabilities, prior, design)
        var moved = false
        for _ in 0..<iterations {
            let (gradient, probabilities) = gradientAndProbabilities(w, m0, prior, design, labels)
            let step = conjugateGradients(gradient, probabilities, hessians: start.0, factors: start.1, prior, design)
            let decrement = zip(gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            guard decrement.isFinite else { throw InferenceError.nonFiniteResult("Newton step of laplace") }
            if decrement <= tolerance * tolerance { break }
            if decrement <= 0.01 {
                for i in w.indices { w[i] -= step[i] }
                moved = true
                continue
            }
            var t = 1.0
            var candidate = zip(w, step).map { $0 - $1 }
            var candidateValue = objective(candidate, m0, prior, design, labels)
            var halvings = 0
            while !(candidateValue <= value - 1e-4 * t * decrement) && halvings < 50 {
                t *= 0.5
                candidate = zip(w, step).map { $0 - t * $1 }
                candidateValue = objective(candidate, m0, prior, design, labels)
                halvings += 1
            }
            if !(candidateValue <= value) { break }  // no decrease left at machine precision
            w = candidate
            value = candidateValue
            moved = true
        }
        guard w.allSatisfy(\.isFinite) else { throw InferenceError.nonFiniteResult("laplace mode") }
        let (hessians, factors) =
            moved ? try blockHessians(gradientAndProbabilities(w, m0, prior, design, labels).1, prior, design) : start
        var blocks: [FullGaussian] = []
        for out in 0..<k {
            let mean = (0..<c).map { w[$0 * k + out] }
            blocks.append(FullGaussian(precision: hessians[out], factor: factors[out], mean: mean))
        }
        return BlockGaussian(blocks: blocks, inputs: prior.inputs, bias: prior.bias)
    }

    /// θ (layout order) → W (c × K, row-major).
    static func matrix(_ theta: [Double], _ q: BlockGaussian) -> [Double] {
        let (k, c) = (q.outputs, q.size)
        var w = [Double](repeating: 0, count: c * k)
        for out in 0..<k {
            for j in 0..<c { w[j * k + out] = theta[BlockGaussian.index(out, j, outputs: k, inputs: q.inputs)] }
        }
        return w
    }

    /// F = X̃W (n × K).
    static func scores(_ w: [Double], _ design: DesignMatrix, _ k: Int) -> [Double] {
        var f = [Double](repeating: 0, count: design.rows * k)
        design.values.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { wp in
                f.withUnsafeMutableBufferPointer {
                    LinearAlgebra.gemmNN(
                        design.rows, k, design.columns, 1, x.baseAddress!, wp.baseAddress!, 0, $0.baseAddress!)
                }
            }
        }
        return f
    }

    /// ½ Σₖ (wₖ − mₖ)ᵀPₖ(wₖ − mₖ).
    static func priorQuadratic(_ w: [Double], _ m0: [Double], _ q: BlockGaussian) -> Double {
        let (k, c) = (q.outputs, q.size)
        var total = 0.0
        for out in 0..<k {
            let r = (0..<c).map { w[$0 * k + out] - m0[$0 * k + out] }
            total += zip(r, SmallMatrix.multiply(q.blocks[out].precision, r)).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return 0.5 * total
    }

    static func objective(_ w: [Double], _ m0: [Double], _ q: BlockGaussian, _ design: DesignMatrix, _ labels: [Int])
        -> Double
    {
        let k = q.outputs
        let f = scores(w, design, k)
        var loss = 0.0
        f.withUnsafeBufferPointer { fp in
            for i in labels.indices {
                loss +=
                    Likelihood.logSumExp(UnsafeBufferPointer(rebasing: fp[(i * k)..<(i * k + k)]))
                    - fp[i * k + labels[i]]
            }
        }
        return loss + priorQuadratic(w, m0, q)
    }

    /// ∇J as a c × K matrix, and the softmax probabilities (n × K).
    static func gradientAndProbabilities(
        _ w: [Double], _ m0: [Double], _ q: BlockGaussian, _ design: DesignMatrix, _ labels: [Int]
    ) -> ([Double], [Double]) {
        let (k, c, n) = (q.outputs, q.size, design.rows)
        let f = scores(w, design, k)
        var p = [Double](repeating: 0, count: n * k)
        f.withUnsafeBufferPointer { fp in
            p.withUnsafeMutableBufferPointer { pp in for i in 0..<n { Likelihood.softmax(fp, row: i, k: k, into: pp) } }
        }
        var r = p
        for i in 0..<n { r[i * k + labels[i]] -= 1 }
        var g = [Double](repeating: 0, count: c * k)
        design.values.withUnsafeBufferPointer { x in
            r.withUnsafeBufferPointer { rp in
                g.withUnsafeMutableBufferPointer {
                    LinearAlgebra.gemmTN(c, k, n, 1, x.baseAddress!, rp.baseAddress!, 0, $0.baseAddress!)
                }
            }
        }
        for out in 0..<k {
            let d = (0..<c).map { w[$0 * k + out] - m0[$0 * k + out] }
            let pd = SmallMatrix.multiply(q.blocks[out].precision, d)
            for j in 0..<c { g[j * k + out] += pd[j] }
        }
        return (g, p)
    }

    /// Hₖ = Pₖ + X̃ᵀ diag(pₖ(1 − pₖ)) X̃ and its Cholesky factor, per class.
    static func blockHessians(_ p: [Double], _ q: BlockGaussian, _ design: DesignMatrix) throws -> (
        [[Double]], [[Double]]
    ) {
        let (k, c, n) = (q.outputs, q.size, design.rows)
        var hessians: [[Double]] = []
        var factors: [[Double]] = []
        var scaled = [Double](repeating: 0, count: n * c)
        for out in 0..<k {
            for i in 0..<n {
                let s = Double.sqrt(max(p[i * k + out] * (1 - p[i * k + out]), 0))
                for j in 0..<c { scaled[i * c + j] = s * design.values[i * c + j] }
            }
            var h = q.blocks[out].precision
            scaled.withUnsafeBufferPointer { LinearAlgebra.addGram(c, n, 1, $0.baseAddress!, &h) }
            guard let factor = LinearAlgebra.cholesky(h, c) else {
                throw InferenceError.notPositiveDefinite("laplace Hessian block \(out)")
            }
            hessians.append(h)
            factors.append(factor)
        }
        return (hessians, factors)
    }

    /// Δ ≈ H⁻¹g by preconditioned conjugate gradients, to a relative residual η = min(0.1, √‖g‖) — inexact Newton,
    /// superlinear near the mode (Nocedal & Wright, Theorem 7.2).
    static func conjugateGradients(
        _ g: [Double], _ p: [Double], hessians: [[Double]], factors: [[Double]], _ q: BlockGaussian,
        _ design: DesignMatrix
    ) -> [Double] {
        let (k, c, n) = (q.outputs, q.size, design.rows)
        func precondition(_ r: [Double]) -> [Double] {
            var z = r
            for out in 0..<k {
                var column = (0..<c).map { r[$0 * k + out] }
                factors[out].withUnsafeBufferPointer { l in
                    column.withUnsafeMutableBufferPointer { v in
                        cblas_dtrsv(
                            CblasColMajor, CblasLower, CblasNoTrans, CblasNonUnit, Int32(c), l.baseAddress, Int32(c),
                            v.baseAddress, 1)
                        cblas_dtrsv(
                            CblasColMajor, CblasLower, CblasTrans, CblasNonUnit, Int32(c), l.baseAddress, Int32(c),
                            v.baseAddress, 1)
                    }
                }
                for j in 0..<c { z[j * k + out] = column[j] }
            }
            return z
        }
        func hessianTimes(_ v: [Double]) -> [Double] {
            var u = scores(v, design, k)  // X̃V
            for i in 0..<n {
                var dot = 0.0
                for out in 0..<k { dot += p[i * k + out] * u[i * k + out] }
                for out in 0..<k { u[i * k + out] = p[i * k + out] * (u[i * k + out] - dot) }
            }
            var out = [Double](repeating: 0, count: c * k)
            design.values.withUnsafeBufferPointer { x in
                u.withUnsafeBufferPointer { up in
                    out.withUnsafeMutableBufferPointer {
                        LinearAlgebra.gemmTN(c, k, n, 1, x.baseAddress!, up.baseAddress!, 0, $0.baseAddress!)
                    }
                }
            }
            for b in 0..<k {
                let column = (0..<c).map { v[$0 * k + b] }
                let prior = SmallMatrix.multiply(q.blocks[b].precision, column)
                for j in 0..<c { out[j * k + b] += prior[j] }
            }
            return out
        }
        var x = [Double](repeating: 0, count: g.count)
        var r = g
        var z = precondition(r)
        var d = z
        var rz = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
        let eta = min(0.1, g.reduce(0) { $0 + $1 * $1 }.squareRoot().squareRoot())
        let target = eta * eta * rz
        for _ in 0..<g.count {
            guard rz > target else { break }
            let hd = hessianTimes(d)
            let curvature = zip(d, hd).reduce(0) { $0 + $1.0 * $1.1 }
            guard curvature > 0 else { break }
            let alpha = rz / curvature
            for i in x.indices {
                x[i] += alpha * d[i]
                r[i] -= alpha * hd[i]
            }
            z = precondition(r)
            let next = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
            let beta = next / rz
            rz = next
            for i in d.indices { d[i] = z[i] + beta * d[i] }
        }
        return x
    }
}
