/// The persisted form of a learner: every member's `Model.encoded()` with its calibrator and forgetting, the
/// weights and the drift response's state, so decode(encode(learner)) == learner bit for bit and a restored
/// learner continues exactly as the original would have.
///
/// Layout (little-endian): magic "BLRL", UInt16 version, ρ, the drift response (detector settings and state,
/// acts, alarm α, noise memory), the member count, per member its name, forgetting, model bytes and calibrator,
/// then log w; a CRC-32 of everything before it. Version 2 adds the change-point beam (settings, state, pending
/// rows and each challenger's model) after the drift response; a version 1 state has none (a CUSUM).
extension Learner {
    public static let stateFormatVersion: UInt16 = 2
    static let magic: [UInt8] = Array("BLRL".utf8)

    public func encoded() -> [UInt8] {
        var w = StateEnvelope.writer(magic: Self.magic, version: Self.stateFormatVersion)
        w.write(switchRate)
        drift.encode(into: &w)
        ChangePointBeam.encodeOptional(drift.beam, into: &w)
        w.write(UInt32(members.count))
        for member in members {
            w.write(Array(member.name.utf8))
            switch member.forgetting {
            case .none: w.write(UInt8(0)); w.write(1.0)
            case .perBatch(let a): w.write(UInt8(1)); w.write(a)
            case .memory(let m): w.write(UInt8(2)); w.write(m)
            }
            w.write(member.model.encoded())
            Calibrator.encode(member.calibrator, into: &w)
        }
        w.write(logWeights)
        return StateEnvelope.sealed(w)
    }

    /// Decodes and validates a stored learner; throws `StateCodingError` on anything malformed.
    public init(encoded bytes: [UInt8]) throws {
        var (r, version) = try StateEnvelope.open(bytes, magic: Self.magic)
        guard version == 1 || version == Self.stateFormatVersion else {
            throw StateCodingError.unsupportedVersion(version)
        }
        let switchRate = try r.readDouble()
        var drift = try DriftResponse(decoding: &r)
        drift.beam = version >= 2 ? try ChangePointBeam.decodeOptional(from: &r) : nil
        let count = Int(try r.read(UInt32.self))
        guard count >= 1, count <= 64 else { throw StateCodingError.invalid("\(count) members") }
        var members: [Member] = []
        for _ in 0..<count {
            guard let name = String(validating: try r.readBytes(limit: 256), as: UTF8.self) else {
                throw StateCodingError.invalid("member name is not UTF-8")
            }
            let tag = try r.read(UInt8.self)
            let value = try r.readDouble()
            let forgetting: MemberForgetting
            switch tag {
            case 0: forgetting = .none
            case 1 where value > 0 && value <= 1: forgetting = .perBatch(value)
            case 2 where value > 0: forgetting = .memory(value)
            default: throw StateCodingError.invalid("member forgetting \(tag) \(value)")
            }
            let model = try Model(encoded: try r.readBytes())
            let calibrator = try Calibrator.decode(from: &r, for: model.spec)
            members.append(Member(name: name, model: model, calibrator: calibrator, forgetting: forgetting))
        }
        let logWeights = try r.readDoubles(limit: 64)
        guard r.isAtEnd else { throw StateCodingError.invalid("\(bytes.count - 4 - r.offset) trailing bytes") }
        guard logWeights.count == count, logWeights.allSatisfy({ $0.isFinite && $0 <= 1e-9 }) else {
            throw StateCodingError.invalid("member weights")
        }
        do {
            self = try Learner(members: members, switchRate: switchRate, drift: drift)
        } catch {
            throw StateCodingError.invalid("learner: \(error)")
        }
        self.logWeights = logWeights
    }
}

extension DriftResponse {
    func encode(into w: inout ByteWriter) {
        let d = detector
        w.write(d.slack); w.write(d.threshold); w.write(d.baselineRate); w.write(Int64(d.warmup))
        w.write(Int64(d.observed)); w.write(d.mean); w.write(d.variance); w.write(d.statistic)
        w.write(acts); w.write(alarmFactor); w.write(noiseMemory)
    }

    init(decoding r: inout ByteReader) throws {
        var detector = DriftDetector(
            slack: try r.readDouble(), threshold: try r.readDouble(), baselineRate: try r.readDouble(),
            warmup: Int(try r.read(Int64.self)))
        detector.restore(
            observed: Int(try r.read(Int64.self)), mean: try r.readDouble(), variance: try r.readDouble(),
            statistic: try r.readDouble())
        self.init(
            detector: detector, beam: nil, acts: try r.readBool(), alarmFactor: try r.readDouble(),
            noiseMemory: try r.readDouble())
    }
}

extension Calibrator {
    static func encode(_ calibrator: Calibrator?, into w: inout ByteWriter) {
        switch calibrator {
        case nil: w.write(UInt8(0))
        case .probabilities(let c)?:
            w.write(UInt8(1)); w.write(UInt32(c.classes)); w.write(c.mean); w.write(c.precision)
        case .variance(let c)?:
            w.write(UInt8(2)); w.write(c.shape); w.write(c.rate)
        }
    }

    /// A stored calibrator of a model with this spec; throws when malformed or not finite.
    static func decode(from r: inout ByteReader, for spec: ModelSpec) throws -> Calibrator? {
        let calibrator: Calibrator?
        switch try r.read(UInt8.self) {
        case 0: calibrator = nil
        case 1:
            let classes = Int(try r.read(UInt32.self))
            let mean = try r.readDoubles(limit: 16)
            let precision = try r.readDoubles(limit: 256)
            guard classes == spec.likelihood.classes, mean.count == (classes == 2 ? 3 : 2),
                precision.count == mean.count * mean.count
            else {
                throw StateCodingError.invalid("probability calibrator of the wrong shape")
            }
            calibrator = .probabilities(ProbabilityCalibrator(classes: classes, mean: mean, precision: precision))
        case 2:
            calibrator = .variance(VarianceCalibrator(shape: try r.readDouble(), rate: try r.readDouble()))
        case let t: throw StateCodingError.invalid("calibrator tag \(t)")
        }
        guard calibrator?.isValid ?? true else { throw StateCodingError.invalid("calibrator is not finite") }
        return calibrator
    }
}
