import RealModule

/// Random Fourier features φ(z) = √(2/D)·cos(Ωᵀz/ℓ + b), Ω ~ N(0, I) (d × D), b ~ U[0, 2π): E[φ(z)ᵀφ(z′)] is the
/// Gaussian kernel exp(−‖z − z′‖²/(2ℓ²)) of the standardised inputs z (Rahimi & Recht 2007, Algorithm 1). The
/// network's inputs are [z, φ(z)], so a linear readout with prior N(0, I/λ) approximates a Gaussian process with
/// the sum kernel zᵀz′ + k(z, z′) (Rasmussen & Williams 2006, §4.2.4): linear where the data are, with a nonlinear
/// correction. Without the linear part a 64-wide map lost to a linear model on linear streams by a batch's worth
/// of early predictions and on d = 20 never caught up; the rules run on it unchanged.
///
/// The draw is fixed by the model's seed, so the features are part of the spec, not of the state: a restored
/// model rebuilds them bit for bit.
///
/// References: Rahimi & Recht, "Random features for large-scale kernel machines", NeurIPS 2007;
/// Rasmussen & Williams, "Gaussian Processes for Machine Learning" (2006), §2.1 (weight-space view).
struct RandomFourierFeatures: Sendable, Equatable {
    let inputs: Int
    let width: Int
    /// Ω/ℓ, d × D row-major.
    let frequencies: [Double]
    let phases: [Double]

    /// The draw depends on the seed only; a separate stream from the model's Monte-Carlo generator.
    init(inputs d: Int, width: Int, lengthscale: Double, seed: UInt64) {
        var rng = Xoshiro256(seed: seed ^ 0x5246_465F_4D41_5053)  // "RFF_MAPS"
        var omega = [Double](repeating: 0, count: d * width)
        rng.fillStandardNormal(&omega)
        inputs = d
        self.width = width
        frequencies = omega.map { $0 / lengthscale }
        phases = (0..<width).map { _ in 2 * Double.pi * rng.nextOpenUnit() }
    }

    /// The network's inputs per row: d + D.
    var outputs: Int { inputs + width }

    /// [z, φ(z)] for every row of z (n × d): n × (d + D).
    func map(_ z: [Double], count n: Int) -> [Double] {
        let columns = outputs
        let (d, width) = (inputs, self.width)
        let amplitude = Double.sqrt(2 / Double(width))
        var projection = [Double](repeating: 0, count: n * width)
        var out = [Double](repeating: 0, count: n * columns)
        z.withUnsafeBufferPointer { zp in
            projection.withUnsafeMutableBufferPointer { fp in
                let f = fp.baseAddress!
                // zW + b: the phases first, then one gemm adds zW onto them.
                phases.withUnsafeBufferPointer { bp in
                    for i in 0..<n { (f + i * width).update(from: bp.baseAddress!, count: width) }
                }
                frequencies.withUnsafeBufferPointer { wp in
                    LinearAlgebra.gemmNN(n, width, d, 1, zp.baseAddress!, wp.baseAddress!, 1, f)
                }
            }
            projection.withUnsafeBufferPointer { fp in
                out.withUnsafeMutableBufferPointer { op in
                    // One pass per row writes z and √(2/D)·cos(zW + b) straight into the output and notes the
                    // largest argument; a flat loop of IEEE arithmetic that the compiler vectorises.
                    var largest = 0.0
                    for i in 0..<n {
                        let row = op.baseAddress! + i * columns
                        row.update(from: zp.baseAddress! + i * d, count: d)
                        let source = fp.baseAddress! + i * width, target = row + d
                        for k in 0..<width {
                            largest = max(largest, abs(source[k]))
                            target[k] = amplitude * Cosine.cos(source[k])
                        }
                    }
                    // Huge arguments (outliers) are reduced first, then the row is redone: rare, and exact.
                    if !(largest < Cosine.largest) {
                        for i in 0..<n {
                            let source = fp.baseAddress! + i * width, target = op.baseAddress! + i * columns + d
                            for k in 0..<width { target[k] = amplitude * Cosine.cos(Cosine.bounded(source[k])) }
                        }
                    }
                }
            }
        }
        return out
    }
}
