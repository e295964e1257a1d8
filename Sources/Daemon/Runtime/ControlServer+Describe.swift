import Decode

extension ControlServer {
    /// `{"op": "describe", "stream": S}`: what a publisher must know to send to stream S and to resume after a
    /// restart of the daemon — the shape it accepts (`features`, `task`, `classes`), where it stands (`epoch`,
    /// `last_seq`) and what of it is on disk (`durable_seq`), under the daemon's `instance`.
    ///
    /// Beyond those keys (extensions a client may ignore): `durable_epoch`, the epoch of `durable_seq`;
    /// `batches`, `rejected` and `gaps`, the stream's counters since this instance started; `last_rejection`
    /// (`{"seq", "code", "reason"}` or null), the newest rejected message; `models`, the names of the stream's
    /// models, sorted.
    func describe(_ fields: [String: JSONValue]) -> [UInt8] {
        guard let name = fields["stream"]?.stringValue else { return ControlJSON.error("describe needs \"stream\"") }
        guard let config = streams[name] else {
            let known = streams.keys.sorted().joined(separator: ", ")
            return ControlJSON.error("no stream named '\(name)' (the streams are: \(known))")
        }
        let s = board.stream(name) ?? StatusBoard.StreamStatus()
        let classes: JSONValue =
            switch config.task {
            case .binary, .multiclass: config.classes.map { JSONValue($0) } ?? .null
            case .regression, .count: .null
            }
        let rejection: JSONValue =
            s.lastRejection.map { r in
                .object([
                    "seq": r.seq.map { JSONValue($0) } ?? .null, "code": .string(r.code), "reason": .string(r.reason),
                ])
            } ?? .null
        let models = board.allModels.filter { $0.value.stream == name }.keys.sorted()
        return ControlJSON.reply([
            "instance": .string(instance), "stream": .string(name), "features": JSONValue(config.features),
            "task": .string(config.task.rawValue), "classes": classes, "epoch": JSONValue(s.epoch),
            "last_seq": s.lastSeq.map { JSONValue($0) } ?? .null,
            "durable_seq": s.durableSeq.map { JSONValue($0) } ?? .null,
            "durable_epoch": s.durableEpoch.map { JSONValue($0) } ?? .null,
            "batches": JSONValue(s.batches), "rejected": JSONValue(s.rejected), "gaps": JSONValue(s.gaps),
            "last_rejection": rejection, "models": .array(models.map { .string($0) }),
        ])
    }
}
