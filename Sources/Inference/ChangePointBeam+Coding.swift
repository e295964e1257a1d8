/// The persisted form of a change-point beam (inside a learner's state, `Learner.encoded()`): a presence byte,
/// then the settings, the masses and counters, the rows gathering for the next chunk and each challenger's model,
/// so that a learner restored mid-run continues exactly as the original would have.
extension ChangePointBeam {
    static func encodeOptional(_ beam: ChangePointBeam?, into w: inout ByteWriter) {
        guard let beam else {
            w.write(UInt8(0))
            return
        }
        w.write(UInt8(1))
        let s = beam.settings
        w.write(s.hazard)
        w.write(Int64(s.capacity))
        w.write(Int64(s.spawnEvery))
        w.write(Int64(s.chunk))
        w.write(s.birthMemory)
        w.write(Int64(s.warmup))
        w.write(s.confidence)
        w.write(Int64(s.maxAge))
        w.write(Int64(beam.observed))
        w.write(Int64(beam.runStart))
        w.write(beam.mainLogMass)
        w.write(Int64(beam.sinceSpawn))
        w.write(beam.pendingX)
        w.write(beam.pendingY)
        w.write(beam.pendingSurprise)
        w.write(UInt32(beam.challengers.count))
        for c in beam.challengers {
            w.write(c.model.encoded())
            Calibrator.encode(c.calibrator, into: &w)
            w.write(c.logMass)
            w.write(Int64(c.born))
        }
    }

    static func decodeOptional(from r: inout ByteReader) throws -> ChangePointBeam? {
        switch try r.read(UInt8.self) {
        case 0: return nil
        case 1: break
        case let t: throw StateCodingError.invalid("change-point beam tag \(t)")
        }
        let settings = Settings(
            hazard: try r.readDouble(), capacity: Int(try r.read(Int64.self)), spawnEvery: Int(try r.read(Int64.self)),
            chunk: Int(try r.read(Int64.self)), birthMemory: try r.readDouble(),
            warmup: Int(try r.read(Int64.self)), confidence: try r.readDouble(),
            maxAge: Int(try r.read(Int64.self)))
        guard settings.isValid else { throw StateCodingError.invalid("change-point beam settings") }
        var beam = ChangePointBeam(settings: settings)
        beam.observed = Int(try r.read(Int64.self))
        beam.runStart = Int(try r.read(Int64.self))
        beam.mainLogMass = try r.readDouble()
        beam.sinceSpawn = Int(try r.read(Int64.self))
        beam.pendingX = try r.readDoubles()
        beam.pendingY = try r.readDoubles(limit: settings.chunk)
        beam.pendingSurprise = try r.readDoubles(limit: settings.chunk)
        let count = Int(try r.read(UInt32.self))
        guard beam.observed >= 0, beam.runStart >= 0, beam.runStart <= beam.observed, beam.sinceSpawn >= 0,
            beam.mainLogMass <= 1e-9, !beam.mainLogMass.isNaN,
            beam.pendingY.count == beam.pendingSurprise.count, count <= settings.capacity + 1
        else { throw StateCodingError.invalid("change-point beam state") }
        for _ in 0..<count {
            let model = try Model(encoded: try r.readBytes())
            let calibrator = try Calibrator.decode(from: &r, for: model.spec)
            let logMass = try r.readDouble()
            let born = Int(try r.read(Int64.self))
            guard logMass <= 1e-9, logMass.isFinite, born >= 0, born <= beam.observed else {
                throw StateCodingError.invalid("change-point challenger")
            }
            beam.challengers.append(Challenger(model: model, calibrator: calibrator, logMass: logMass, born: born))
        }
        return beam
    }
}

extension ChangePointBeam.Settings {
    /// Settings a beam can run with.
    public var isValid: Bool {
        hazard > 0 && hazard < 1 && capacity >= 1 && capacity <= 64 && spawnEvery >= 1 && chunk >= 1 && chunk <= 1 << 20
            && birthMemory > 0 && birthMemory.isFinite && warmup >= 0 && confidence >= 0.5 && confidence < 1
            && maxAge >= 1
    }
}
