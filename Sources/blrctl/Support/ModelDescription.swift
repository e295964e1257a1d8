import Decode
import Inference

/// Words and JSON for a model's spec, shared by `show`, `export` and `predict`.
enum ModelDescription {
    static func likelihood(_ l: Likelihood, noise: NoisePrior? = nil) -> String {
        if let noise, case .gaussian = l {
            return
                "gaussian (noise variance learned, prior IG(\(Format.number(noise.shape)), \(Format.number(noise.rate))))"
        }
        switch l {
        case .gaussian(let s2): return "gaussian (noise variance \(Format.number(s2)))"
        case .bernoulli: return "bernoulli"
        case .categorical(let k): return "categorical (\(k) classes)"
        case .poisson: return "poisson"
        }
    }

    static func likelihoodJSON(_ l: Likelihood, noise: NoisePrior? = nil) -> JSONValue {
        if let noise, case .gaussian = l {
            return ["name": "gaussian", "noise": ["shape": JSONValue(noise.shape), "rate": JSONValue(noise.rate)]]
        }
        switch l {
        case .gaussian(let s2): return ["name": "gaussian", "noise_variance": JSONValue(s2)]
        case .bernoulli: return ["name": "bernoulli"]
        case .categorical(let k): return ["name": "categorical", "classes": JSONValue(k)]
        case .poisson: return ["name": "poisson"]
        }
    }

    static func network(_ n: Network) -> String {
        switch n {
        case .linear(let bias): return bias ? "linear with bias" : "linear"
        case .mlp(let hidden, let activation, let bias):
            return "mlp hidden \(hidden.map(String.init).joined(separator: "x")) \(activation.rawValue)"
                + (bias ? " with bias" : "")
        case .rff(let width, let lengthscale, let bias):
            return "\(width) random Fourier features, lengthscale \(Format.number(lengthscale))"
                + (bias ? ", with bias" : "")
        }
    }

    static func networkJSON(_ n: Network) -> JSONValue {
        switch n {
        case .linear(let bias): return ["name": "linear", "bias": .bool(bias)]
        case .mlp(let hidden, let activation, let bias):
            return [
                "name": "mlp", "hidden": .array(hidden.map { JSONValue($0) }),
                "activation": .string(activation.rawValue), "bias": .bool(bias),
            ]
        case .rff(let width, let lengthscale, let bias):
            return [
                "name": "rff", "width": JSONValue(width), "lengthscale": JSONValue(lengthscale), "bias": .bool(bias),
            ]
        }
    }

    static func layoutJSON(_ layout: [ParameterBlock]) -> JSONValue {
        .array(layout.map { ["name": .string($0.name), "shape": .array($0.shape.map { JSONValue($0) })] })
    }

    /// The feature standardisation a model applies before its parameters: z = (x − mean)/scale.
    /// Nil for models that use raw features.
    static func scaler(_ model: Model) -> (count: Double, mean: [Double], scale: [Double])? {
        guard let s = model.scaler else { return nil }
        return (s.count, s.mean, s.scale)
    }

    static func scalerJSON(_ model: Model) -> JSONValue {
        guard let s = scaler(model) else { return .null }
        return ["count": JSONValue(s.count), "mean": JSONValue(s.mean), "scale": JSONValue(s.scale)]
    }
}
