extension SensitivityMonitor {
    /// The level t of a batch's test: the largest t < 1/2 at which the expected false alerts under the model,
    /// Σᵢ P(πᵢ ≤ t), stay within the budget nα. A continuous label costs t (its π is uniform), so a batch of them
    /// is tested at t = α, the plain Bonferroni split of nα. A class label costs only the attainable value of π
    /// at or below t (`Sensitivity.size`): nothing at a row whose least likely class is likelier than t. Tests that
    /// cannot reach the level cost nothing, so the budget goes to the rows where a label can be implausible —
    /// Tarone's refinement of Bonferroni for discrete tests. The level depends on the predictive only, never on
    /// the labels, so the bound holds for every batch of inputs.
    ///
    /// References: Tarone, "A modified Bonferroni method for discrete data", Biometrics 1990; Gilbert, "A
    /// modified false discovery rate multiple-comparisons procedure for discrete data", Appl. Stat. 2005.
    static func level(_ sensitivities: [Sensitivity], budget: Double) -> Double {
        let cap = 0.5.nextDown
        var continuous = 0.0
        var steps: [(t: Double, increment: Double)] = []
        for s in sensitivities {
            guard let attainable = s.attainable else { continuous += 1; continue }
            var previous = 0.0
            for c in attainable {
                steps.append((c, c - previous))
                previous = c
            }
        }
        steps.sort { $0.t < $1.t }
        var spent = 0.0  // Σ of the class labels' costs at the current level
        var level = 0.0
        var i = 0
        while i < steps.count {
            let t = steps[i].t
            // Continuous labels first: the level may stop between two steps.
            if continuous > 0, continuous * t + spent > budget {
                return min(max(level, (budget - spent) / continuous), cap)
            }
            var increment = 0.0
            while i < steps.count, steps[i].t == t { increment += steps[i].increment; i += 1 }
            if continuous * t + spent + increment > budget { return min(t.nextDown, cap) }
            spent += increment
            level = t
        }
        return continuous > 0 ? min(max(level, (budget - spent) / continuous), cap) : cap
    }
}
