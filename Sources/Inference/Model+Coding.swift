/// The persisted form of a model: everything `update` depends on, so that decode(encode(model)) == model
/// bit for bit and a restored model continues exactly as the original would have.
///
/// Layout (little-endian): magic "BLRS", UInt16 format version, the spec, the posterior (natural parameters
/// for a full Gaussian; mean and precision for a diagonal one), the optimiser state (h, ḡ, t), the four
/// xoshiro256** words, the feature statistics, the counters, then a CRC-32 of everything before it.
/// Version 2 adds the `rff` network, the noise prior (in the spec), a full posterior's mean after its natural
/// parameters, the noise posterior (a, β) and the target statistics after the feature statistics. Version 3 adds
/// two hyperparameters after `predictiveSamples` in the spec: `steps` (UInt32) and `fadingMemory` (Double, +∞ for
/// none); versions 1–2 decode with 1 and +∞, the single step without fading they ran. A new field means a new
/// version; old versions stay decodable.
extension Model {
    public static let stateFormatVersion: UInt16 = 3
    static let magic: [UInt8] = Array("BLRS".utf8)

    public func encoded() -> [UInt8] {
        var w = StateEnvelope.writer(magic: Self.magic, version: Self.stateFormatVersion)
        spec.encode(into: &w)
        switch posterior {
        case .full(let q):
            w.write(UInt8(0))
            w.write(q.precision)
            w.write(q.precisionMean)
            w.write(q.mean)
        case .diagonal(let q):
            w.write(UInt8(1))
            w.write(q.mean)
            w.write(q.precision)
        case .block(let q):
            w.write(UInt8(2))
            w.write(UInt32(q.blocks.count))
            for b in q.blocks {
                w.write(b.precision)
                w.write(b.precisionMean)
                w.write(b.mean)
            }
        }
        w.write(UInt64(optimizer.step))
        w.write(optimizer.hessian)
        w.write(optimizer.momentum)
        w.write(rng.state.0)
        w.write(rng.state.1)
        w.write(rng.state.2)
        w.write(rng.state.3)
        w.write(scaler != nil)
        if let scaler { scaler.encode(into: &w) }
        w.write(noise != nil)
        if let noise {
            w.write(noise.shape)
            w.write(noise.rate)
        }
        w.write(targetScaler != nil)
        if let targetScaler { targetScaler.encode(into: &w) }
        w.write(UInt64(batchesSeen))
        w.write(UInt64(examplesSeen))
        return StateEnvelope.sealed(w)
    }

    /// Decodes and validates a stored state; throws `StateCodingError` on anything malformed.
    public init(encoded bytes: [UInt8]) throws {
        var (r, version) = try StateEnvelope.open(bytes, magic: Self.magic)
        guard (1...Self.stateFormatVersion).contains(version) else {
            throw StateCodingError.unsupportedVersion(version)
        }
        let spec = try ModelSpec(decoding: &r, version: version)
        var model: Model
        do { model = try Model(spec: spec) } catch { throw StateCodingError.invalid("spec: \(error)") }
        let p = spec.architecture.parameterCount
        switch try r.read(UInt8.self) {
        case 0:
            let precision = try r.readDoubles()
            let b = try r.readDoubles()
            guard b.count == p, precision.count == p * p else {
                throw StateCodingError.invalid("full posterior of the wrong size")
            }
            // Version 1 derived the mean from P and b; version 2 stores it (an update may set it directly).
            let mean = version >= 2 ? try r.readDoubles() : nil
            do {
                model.posterior = .full(
                    try mean.map { try FullGaussian(precision: precision, precisionMean: b, mean: $0) }
                        ?? FullGaussian(precision: precision, precisionMean: b))
            } catch {
                throw StateCodingError.invalid("full posterior: \(error)")
            }
        case 1:
            let mean = try r.readDoubles()
            let precision = try r.readDoubles()
            guard mean.count == p, precision.count == p else {
                throw StateCodingError.invalid("diagonal posterior of the wrong size")
            }
            model.posterior = .diagonal(DiagonalGaussian(mean: mean, precision: precision))
        case 2 where version >= 2:
            let a = spec.architecture
            let size = a.inputs + (a.network.hasBias ? 1 : 0)
            let count = Int(try r.read(UInt32.self))
            guard count == a.outputs else {
                throw StateCodingError.invalid("\(count) posterior blocks for \(a.outputs) outputs")
            }
            var blocks: [FullGaussian] = []
            for _ in 0..<count {
                let precision = try r.readDoubles()
                let b = try r.readDoubles()
                let mean = try r.readDoubles()
                guard precision.count == size * size, b.count == size, mean.count == size else {
                    throw StateCodingError.invalid("posterior block of the wrong size")
                }
                do { blocks.append(try FullGaussian(precision: precision, precisionMean: b, mean: mean)) } catch {
                    throw StateCodingError.invalid("posterior block: \(error)")
                }
            }
            model.posterior = .block(BlockGaussian(blocks: blocks, inputs: a.inputs, bias: a.network.hasBias))
        case let tag:
            throw StateCodingError.invalid("posterior tag \(tag)")
        }
        guard model.posterior.family == "gaussian-" + spec.posterior.rawValue else {
            throw StateCodingError.invalid("posterior form does not match the spec")
        }
        let step = Int(try r.read(UInt64.self))
        model.optimizer = VariationalState(hessian: try r.readDoubles(), momentum: try r.readDoubles(), step: step)
        model.rng = Xoshiro256(state: (try r.read(), try r.read(), try r.read(), try r.read()))
        model.scaler = try r.readBool() ? try FeatureScaler(decoding: &r, features: spec.features) : nil
        if version >= 2 {
            if try r.readBool() {
                model.noise = NoisePosterior(shape: try r.readDouble(), rate: try r.readDouble())
            } else {
                model.noise = nil
            }
            model.targetScaler = try r.readBool() ? try FeatureScaler(decoding: &r, features: 1) : nil
        }
        guard (model.noise != nil) == (spec.noise != nil), model.noise?.isValid ?? true else {
            throw StateCodingError.invalid("noise posterior does not match the spec")
        }
        model.batchesSeen = Int(try r.read(UInt64.self))
        model.examplesSeen = Int(try r.read(UInt64.self))
        guard r.isAtEnd else { throw StateCodingError.invalid("\(bytes.count - 4 - r.offset) trailing bytes") }
        guard model.posterior.isValid, model.optimizer.isFinite else {
            throw StateCodingError.invalid("non-finite numbers")
        }
        self = model
    }
}

extension ModelSpec {
    func encode(into w: inout ByteWriter) {
        w.write(UInt32(features))
        switch likelihood {
        case .gaussian(let s2): w.write(UInt8(0)); w.write(s2)
        case .bernoulli: w.write(UInt8(1))
        case .categorical(let k): w.write(UInt8(2)); w.write(UInt32(k))
        case .poisson: w.write(UInt8(3))
        }
        switch network {
        case .linear(let bias):
            w.write(UInt8(0)); w.write(bias)
        case .mlp(let hidden, let activation, let bias):
            w.write(UInt8(1)); w.write(bias)
            w.write(UInt8(Activation.allCases.firstIndex(of: activation)!))
            w.write(UInt32(hidden.count))
            for h in hidden { w.write(UInt32(h)) }
        case .rff(let width, let lengthscale, let bias):
            w.write(UInt8(2)); w.write(bias)
            w.write(UInt32(width)); w.write(lengthscale)
        }
        w.write(UInt8(PosteriorForm.allCases.firstIndex(of: posterior)!))
        w.write(UInt8(Rule.allCases.firstIndex(of: rule)!))
        w.write(priorPrecision)
        w.write(forgetting)
        w.write(standardize)
        let hp = hyperparameters
        w.write(hp.learningRate)
        w.write(hp.ess != nil)
        w.write(hp.ess ?? 0)
        w.write(hp.beta1)
        w.write(hp.beta2)
        w.write(hp.hessInit)
        w.write(UInt32(hp.mcSamples))
        w.write(hp.clipRadius)
        w.write(UInt32(hp.newtonIterations))
        w.write(hp.newtonTolerance)
        w.write(hp.seed)
        w.write(UInt32(hp.predictiveSamples))
        w.write(UInt32(hp.steps))
        w.write(hp.fadingMemory)
        w.write(noise != nil)
        if let noise {
            w.write(noise.shape)
            w.write(noise.rate)
        }
    }

    init(decoding r: inout ByteReader, version: UInt16) throws {
        let features = Int(try r.read(UInt32.self))
        let likelihood: Likelihood
        switch try r.read(UInt8.self) {
        case 0: likelihood = .gaussian(noiseVariance: try r.readDouble())
        case 1: likelihood = .bernoulli
        case 2: likelihood = .categorical(classes: Int(try r.read(UInt32.self)))
        case 3: likelihood = .poisson
        case let tag: throw StateCodingError.invalid("likelihood tag \(tag)")
        }
        let network: Network
        switch try r.read(UInt8.self) {
        case 0: network = .linear(bias: try r.readBool())
        case 1:
            let bias = try r.readBool()
            let a = Int(try r.read(UInt8.self))
            guard a < Activation.allCases.count else { throw StateCodingError.invalid("activation tag \(a)") }
            let layers = Int(try r.read(UInt32.self))
            guard layers <= 64 else { throw StateCodingError.invalid("\(layers) hidden layers") }
            var hidden: [Int] = []
            for _ in 0..<layers { hidden.append(Int(try r.read(UInt32.self))) }
            network = .mlp(hidden: hidden, activation: Activation.allCases[a], bias: bias)
        case 2 where version >= 2:
            let bias = try r.readBool()
            let width = Int(try r.read(UInt32.self))
            network = .rff(width: width, lengthscale: try r.readDouble(), bias: bias)
        case let tag: throw StateCodingError.invalid("network tag \(tag)")
        }
        let form = Int(try r.read(UInt8.self))
        let rule = Int(try r.read(UInt8.self))
        guard form < PosteriorForm.allCases.count, rule < Rule.allCases.count else {
            throw StateCodingError.invalid("posterior or rule tag")
        }
        let priorPrecision = try r.readDouble()
        let forgetting = try r.readDouble()
        let standardize = try r.readBool()
        let learningRate = try r.readDouble()
        let hasEss = try r.readBool()
        let ess = try r.readDouble()
        let beta1 = try r.readDouble()
        let beta2 = try r.readDouble()
        let hessInit = try r.readDouble()
        var hp = Hyperparameters(
            learningRate: learningRate, ess: hasEss ? ess : nil, beta1: beta1, beta2: beta2,
            hessInit: hessInit, mcSamples: Int(try r.read(UInt32.self)), clipRadius: try r.readDouble(),
            newtonIterations: Int(try r.read(UInt32.self)), newtonTolerance: try r.readDouble(), seed: try r.read(),
            predictiveSamples: Int(try r.read(UInt32.self)))
        if version >= 3 {
            hp.steps = Int(try r.read(UInt32.self))
            hp.fadingMemory = try r.readDouble()
        }
        var noise: NoisePrior? = nil
        if version >= 2, try r.readBool() { noise = NoisePrior(shape: try r.readDouble(), rate: try r.readDouble()) }
        self.init(
            features: features, likelihood: likelihood, network: network, posterior: PosteriorForm.allCases[form],
            rule: Rule.allCases[rule], priorPrecision: priorPrecision, forgetting: forgetting, standardize: standardize,
            noise: noise, hyperparameters: hp)
    }
}

extension FeatureScaler {
    func encode(into w: inout ByteWriter) {
        w.write(count)
        w.write(mean)
        w.write(sumSquares)
    }

    init(decoding r: inout ByteReader, features: Int) throws {
        let count = try r.readDouble()
        let mean = try r.readDoubles()
        let ss = try r.readDoubles()
        guard mean.count == features, ss.count == features else {
            throw StateCodingError.invalid("feature statistics of the wrong size")
        }
        self.init(count: count, mean: mean, sumSquares: ss)
    }
}
