import ArgumentParser
import Inference
import Synthetic

/// The rule configurations the throughput benchmark can measure, by their command-line names.
enum BenchRule: String, CaseIterable, ExpressibleByArgument, CustomStringConvertible {
    case conjugate
    case laplaceFull = "laplace-full"
    case laplaceDiagonal = "laplace-diagonal"
    case vogn
    case ivon

    var description: String { rawValue }

    /// σ² of the synthetic regression, which the conjugate rule's Gaussian likelihood assumes.
    static let noiseVariance = 0.25

    /// The synthetic stream the rule is measured on: linear-Gaussian regression for the conjugate rule,
    /// logistic regression for the others.
    var task: SyntheticKind { self == .conjugate ? .linear : .logistic }

    /// The posterior covariance keeps p × p numbers (O(p³) per update) rather than p.
    var isFull: Bool { self == .conjugate || self == .laplaceFull }

    /// A diagonal rule, as named by the throughput target.
    var isDiagonal: Bool { !isFull }

    /// A linear network with bias on `features` inputs, default hyperparameters and no forgetting.
    func spec(features: Int) -> ModelSpec {
        switch self {
        case .conjugate:
            return ModelSpec(
                features: features, likelihood: .gaussian(noiseVariance: Self.noiseVariance),
                network: .linear(bias: true), posterior: .full, rule: .conjugate)
        case .laplaceFull:
            return ModelSpec(
                features: features, likelihood: .bernoulli, network: .linear(bias: true), posterior: .full,
                rule: .laplace)
        case .laplaceDiagonal:
            return ModelSpec(
                features: features, likelihood: .bernoulli, network: .linear(bias: true), posterior: .diagonal,
                rule: .laplace)
        case .vogn:
            return ModelSpec(
                features: features, likelihood: .bernoulli, network: .linear(bias: true), posterior: .diagonal,
                rule: .vogn)
        case .ivon:
            return ModelSpec(
                features: features, likelihood: .bernoulli, network: .linear(bias: true), posterior: .diagonal,
                rule: .ivon)
        }
    }
}
