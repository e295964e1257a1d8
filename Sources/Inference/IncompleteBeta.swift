import RealModule

/// The regularised incomplete beta function I_x(a, b), for the tails of Student-t predictives.
///
/// Evaluated by its continued fraction with the modified Lentz method, on the side of x where it converges
/// fast (x < (a + 1)/(a + b + 2)), and by the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
///
/// References: Abramowitz & Stegun 1964, 26.5.8 (continued fraction); Press, Teukolsky, Vetterling & Flannery,
/// "Numerical Recipes", 3rd ed. 2007, §6.4 (`betacf`).
enum IncompleteBeta {
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // x^a (1 − x)^b / (a B(a, b)), in logs.
        let logFront =
            Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b)
            + a * Double.log(x) + b * Double.log(onePlus: -x)
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(logFront) * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - Double.exp(logFront) * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// A & S 26.5.8 by modified Lentz, to a relative 1e-15 or 300 terms.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        d = 1 / (abs(d) < tiny ? tiny : d)
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d; d = 1 / (abs(d) < tiny ? tiny : d)
            c = 1 + even / c; if abs(c) < tiny { c = tiny }
            h *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d; d = 1 / (abs(d) < tiny ? tiny : d)
            c = 1 + odd / c; if abs(c) < tiny { c = tiny }
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return h
    }
}
