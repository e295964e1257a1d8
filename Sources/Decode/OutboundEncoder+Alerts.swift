extension OutboundEncoder {
    /// `alert/input/<stream>`: a message was rejected (docs/PROTOCOL.md §2): stream, seq (`null` when unreadable),
    /// reason, and `code` (an extension: `DecodeError.code`, or the caller's own, e.g. `seq_not_increasing`).
    public static func inputAlert(
        stream: String, seq: UInt64?, reason: String, code: String? = nil, pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        var fields: [String: JSONValue] = [
            "stream": .string(stream), "seq": seq.map { JSONValue($0) } ?? .null, "reason": .string(reason),
        ]
        if let code { fields["code"] = .string(code) }
        return alert(kind: .input, subject: stream, fields: fields, pubseq: pubseq, instance: instance)
    }

    /// `alert/input/<stream>` for a decoding failure: its seq, description and code.
    public static func inputAlert(stream: String, error: DecodeError, pubseq: UInt64, instance: String) -> [[UInt8]] {
        inputAlert(
            stream: stream, seq: error.seq, reason: error.description, code: error.code, pubseq: pubseq,
            instance: instance)
    }

    /// `alert/gap/<stream>`: seq jumped from the `expected` next value to `got` (docs/PROTOCOL.md §2), in `epoch`.
    public static func gapAlert(
        stream: String, expected: UInt64, got: UInt64, epoch: UInt64 = 0, pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        let fields: [String: JSONValue] = [
            "stream": .string(stream), "expected": JSONValue(expected), "got": JSONValue(got),
            "epoch": JSONValue(epoch),
        ]
        return alert(kind: .gap, subject: stream, fields: fields, pubseq: pubseq, instance: instance)
    }

    /// `alert/drift/<model>`: model, seq, version, detector, statistic, threshold, action (docs/PROTOCOL.md §2),
    /// and the extensions `p_change` (P(a change since the last confirmed one)) and `run_length` (the MAP run
    /// length, in examples), from the change-point detector.
    public static func driftAlert(
        model: String, seq: UInt64, version: Int, detector: String, statistic: Double, threshold: Double,
        action: String, changeProbability: Double? = nil, runLength: Int? = nil, pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        var fields: [String: JSONValue] = [
            "model": .string(model), "seq": JSONValue(seq), "version": JSONValue(version),
            "detector": .string(detector), "statistic": JSONValue(statistic), "threshold": JSONValue(threshold),
            "action": .string(action),
        ]
        if let changeProbability { fields["p_change"] = JSONValue(changeProbability) }
        if let runLength { fields["run_length"] = JSONValue(runLength) }
        return alert(kind: .drift, subject: model, fields: fields, pubseq: pubseq, instance: instance)
    }

    /// `alert/sensitivity/<model>`: model, seq, version, examples `[{index, id, deviation, error, variance,
    /// tail}]` (the reported ones), and the extensions `summary` (what was found, in words), `flagged` (how many
    /// examples the test flagged, ≥ the examples listed) and `quarantined` (they were not learned).
    public static func sensitivityAlert(
        model: String, seq: UInt64, version: Int, examples: [SensitiveExample], flagged: Int, summary: String,
        quarantined: Bool, pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        let fields: [String: JSONValue] = [
            "model": .string(model), "seq": JSONValue(seq), "version": JSONValue(version),
            "examples": .array(examples.map(\.json)), "flagged": JSONValue(flagged), "summary": .string(summary),
            "quarantined": .bool(quarantined),
        ]
        return alert(kind: .sensitivity, subject: model, fields: fields, pubseq: pubseq, instance: instance)
    }

    /// `alert/persist/<model>`: a write of the model's state failed, or a damaged snapshot was skipped at start.
    /// `what` is `journal`, `snapshot` or `restore`; `failures` counts consecutive failed writes of the stream;
    /// `accepting` is false once the stream refuses messages until a write succeeds.
    public static func persistAlert(
        model: String, stream: String, seq: UInt64?, what: String, error: String, failures: Int, accepting: Bool,
        pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        let fields: [String: JSONValue] = [
            "model": .string(model), "stream": .string(stream), "seq": seq.map { JSONValue($0) } ?? .null,
            "what": .string(what), "error": .string(error), "failures": JSONValue(failures),
            "accepting": .bool(accepting),
        ]
        return alert(kind: .persist, subject: model, fields: fields, pubseq: pubseq, instance: instance)
    }
}
