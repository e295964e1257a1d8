/// Dense products and solves on small square matrices (a calibrator's 2–3 parameters, a posterior block's d + 1).
enum SmallMatrix {
    /// A·x for a row-major q × q matrix, q = x.count (BLAS gemv).
    static func multiply(_ a: [Double], _ x: [Double]) -> [Double] {
        let q = x.count
        var y = [Double](repeating: 0, count: q)
        a.withUnsafeBufferPointer { ap in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeMutableBufferPointer {
                    LinearAlgebra.gemv(q, q, 1, ap.baseAddress!, xp.baseAddress!, 0, $0.baseAddress!)
                }
            }
        }
        return y
    }

    static func difference(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }

    /// (x − m)ᵀA(x − m).
    static func quadratic(_ a: [Double], _ x: [Double], _ m: [Double]) -> Double {
        let r = difference(x, m)
        return zip(r, multiply(a, r)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// A⁻¹b by Cholesky, in plain loops (PLATFORM.md: loops beat BLAS calls below ~16 × 16); nil when A is not
    /// positive definite.
    static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
        let q = b.count
        var l = [Double](repeating: 0, count: q * q)
        for i in 0..<q {
            for j in 0...i {
                var s = a[i * q + j]
                for t in 0..<j { s -= l[i * q + t] * l[j * q + t] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i * q + i] = s.squareRoot()
                } else {
                    l[i * q + j] = s / l[j * q + j]
                }
            }
        }
        var z = b
        for i in 0..<q {
            for t in 0..<i { z[i] -= l[i * q + t] * z[t] }
            z[i] /= l[i * q + i]
        }
        for i in stride(from: q - 1, through: 0, by: -1) {
            for t in (i + 1)..<q { z[i] -= l[t * q + i] * z[t] }
            z[i] /= l[i * q + i]
        }
        return z
    }
}
