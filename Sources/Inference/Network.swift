/// The map from features x ∈ ℝᵈ and parameters θ ∈ ℝᵖ to outputs f ∈ ℝᴷ.
public enum Network: Sendable, Hashable {
    /// f = W·x + b, W (K×d), b (K) when `bias`.
    case linear(bias: Bool)
    /// Fully connected layers with the given hidden widths and activation, then a linear output layer.
    case mlp(hidden: [Int], activation: Activation, bias: Bool)
    /// A linear readout f = W·[z, φ(z)] + b on the standardised inputs z and `width` random Fourier features φ of
    /// them, with a Gaussian-kernel lengthscale ℓ in standard deviations (`RandomFourierFeatures`).
    case rff(width: Int, lengthscale: Double, bias: Bool)

    public var hasBias: Bool {
        switch self {
        case .linear(let bias), .mlp(_, _, let bias), .rff(_, _, let bias): return bias
        }
    }

    /// f = W·x + b on the (standardised) inputs themselves.
    public var isLinear: Bool { if case .linear = self { return true } else { return false } }

    /// Linear in θ: the rules and predictives of linear models apply (to φ(z) for random features).
    public var hasLinearReadout: Bool {
        switch self {
        case .linear, .rff: return true
        case .mlp: return false
        }
    }
}

/// Hidden-unit nonlinearity of an MLP.
public enum Activation: String, Sendable, Hashable, CaseIterable {
    case tanh, relu
}

/// One named block of the flattened parameter vector (docs/PROTOCOL.md §2 `layout`).
public struct ParameterBlock: Sendable, Hashable {
    public let name: String
    public let shape: [Int]

    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    public var count: Int { shape.reduce(1, *) }
}

/// A network with its input and output sizes: the parameter count and layout.
public struct Architecture: Sendable, Hashable {
    public let inputs: Int
    public let outputs: Int
    public let network: Network

    public init(inputs: Int, outputs: Int, network: Network) {
        self.inputs = inputs
        self.outputs = outputs
        self.network = network
    }

    /// Layer widths from input to output: [d, h₁, …, K].
    public var widths: [Int] {
        switch network {
        case .linear: return [inputs, outputs]
        case .mlp(let hidden, _, _): return [inputs] + hidden + [outputs]
        // Unused: `ModelSpec.architecture` builds the readout.
        case .rff(let width, _, _): return [inputs + width, outputs]
        }
    }

    /// The blocks in flattening order: per layer, input side first, the weight [out, in] then the bias [out].
    /// A linear network is one layer named `weight`/`bias`; an MLP names them `layer<i>.weight`/`layer<i>.bias`.
    public var layout: [ParameterBlock] {
        let w = widths
        var blocks: [ParameterBlock] = []
        for l in 0..<(w.count - 1) {
            let prefix = network.isLinear ? "" : "layer\(l)."
            blocks.append(ParameterBlock(name: prefix + "weight", shape: [w[l + 1], w[l]]))
            if network.hasBias { blocks.append(ParameterBlock(name: prefix + "bias", shape: [w[l + 1]])) }
        }
        return blocks
    }

    /// p, the length of θ.
    public var parameterCount: Int { layout.reduce(0) { $0 + $1.count } }

    /// Offsets of each layer's weight and bias in θ.
    var layerOffsets: [(weight: Int, bias: Int?)] {
        let w = widths
        var offsets: [(Int, Int?)] = []
        var at = 0
        for l in 0..<(w.count - 1) {
            let weight = at
            at += w[l + 1] * w[l]
            var bias: Int? = nil
            if network.hasBias { bias = at; at += w[l + 1] }
            offsets.append((weight, bias))
        }
        return offsets
    }
}
