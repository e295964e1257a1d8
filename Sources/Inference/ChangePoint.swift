/// Where, inside a batch that fired a drift alarm, the change happened: the single change point τ that makes the
/// batch most likely when rows before τ follow the model as it was and rows from τ on follow what it would
/// predict after forgetting everything (its base prior),
///
///     τ = argmax_{0 ≤ τ < n} Σ_{i ≥ τ} [log p_prior(yᵢ) − log p_old(yᵢ)],
///
/// the maximum-likelihood location of one change (Hinkley 1970; the CUSUM change-time estimate of Page 1954).
/// Only rows τ..<n are learned after the alarm's forgetting: at batch 64 the batch that straddles a change holds
/// both regimes, and learning its old rows into the fresh posterior contaminated the next thousands of
/// predictions (linreg_switch: NLL 0.856 learning the whole batch, 0.818 learning from τ; the oracle that
/// resets at the true change points reaches 0.814).
///
/// References: Hinkley, "Inference about the change-point in a sequence of random variables", Biometrika 1970;
/// Page, "Continuous inspection schemes", Biometrika 1954; Adams & MacKay, "Bayesian online changepoint
/// detection", 2007 (the run-length view this is the one-change, MAP case of).
enum ChangePoint {
    /// τ from the per-row surprise under the old predictive and under the base prior's predictive.
    static func locate(old: [Double], prior: [Double]) -> Int {
        precondition(old.count == prior.count)
        var best = 0
        var bestSum = -Double.infinity
        var suffix = 0.0
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            suffix += old[i] - prior[i]  // log p_prior − log p_old
            if suffix >= bestSum {
                bestSum = suffix
                best = i
            }
        }
        return best
    }
}
