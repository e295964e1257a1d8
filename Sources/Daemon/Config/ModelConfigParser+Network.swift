import Inference

extension ModelConfigParser {
    static func parseNetwork(_ r: inout TableReader, features: Int) throws -> Network {
        let bias = try r.bool("bias") ?? true
        let hidden = try r.intArray("hidden")
        let activationName = try r.string("activation")
        let width = try r.int("width")
        let lengthscale = try r.double("lengthscale")
        let name = try r.string("network") ?? "linear"
        if name != "mlp" {
            if hidden != nil { throw r.error("hidden", "only network = \"mlp\" has hidden layers") }
            if activationName != nil { throw r.error("activation", "only network = \"mlp\" has an activation") }
        }
        if name != "rff" {
            if width != nil { throw r.error("width", "only network = \"rff\" has a width") }
            if lengthscale != nil { throw r.error("lengthscale", "only network = \"rff\" has a lengthscale") }
        }
        switch name {
        case "linear":
            return .linear(bias: bias)
        case "mlp":
            guard let hidden, !hidden.isEmpty else {
                throw r.error("hidden", "network = \"mlp\" needs hidden = [width, …]")
            }
            guard hidden.allSatisfy({ $0 >= 1 }) else { throw r.error("hidden", "every width must be ≥ 1") }
            guard let activation = Activation(rawValue: activationName ?? "tanh") else {
                throw r.error("activation", "must be tanh or relu")
            }
            return .mlp(hidden: hidden, activation: activation, bias: bias)
        case "rff":
            let w = width ?? 128
            guard w >= 1 else { throw r.error("width", "must be ≥ 1") }
            let ell = lengthscale ?? (Double(features) / 2).squareRoot()
            guard ell > 0, ell.isFinite else { throw r.error("lengthscale", "must be positive (standard deviations)") }
            return .rff(width: w, lengthscale: ell, bias: bias)
        default:
            throw r.error("network", "must be linear, rff or mlp")
        }
    }

    /// Defaults: linear or rff gaussian → conjugate/full; other linear or rff → laplace/full; MLP → ivon/diagonal;
    /// a rule alone implies its posterior (conjugate, laplace: full; vogn, ivon: diagonal), a posterior alone its
    /// rule.
    static func parsePosteriorAndRule(_ r: inout TableReader, likelihood: Likelihood, network: Network) throws -> (
        PosteriorForm, Rule
    ) {
        let posteriorName = try r.string("posterior")
        let ruleName = try r.string("rule")
        let posterior = try posteriorName.map {
            guard let p = PosteriorForm(rawValue: $0) else { throw r.error("posterior", "must be full or diagonal") }
            return p
        }
        let rule = try ruleName.map {
            guard let rule = Rule(rawValue: $0) else {
                throw r.error("rule", "must be auto, conjugate, laplace, vogn or ivon")
            }
            return rule
        }
        let isGaussian: Bool = if case .gaussian = likelihood { true } else { false }
        switch (posterior, rule) {
        case (let p?, let rule?): return (p, rule)
        case (nil, let rule?): return (rule == .conjugate || rule == .laplace ? .full : .diagonal, rule)
        case (let p?, nil): return (p, p == .diagonal ? .ivon : (isGaussian ? .conjugate : .laplace))
        case (nil, nil):
            guard network.hasLinearReadout else { return (.diagonal, .ivon) }
            return (.full, isGaussian ? .conjugate : .laplace)
        }
    }
}
