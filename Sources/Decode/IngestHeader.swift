import Vocabulary

/// The fields every ingest message carries in its JSON (docs/PROTOCOL.md §1): frame 1 of either form, with `seq`,
/// the optional `epoch`, `ts` and `ids`. A key whose value is `null` counts as absent (Python's `None`);
/// unknown keys are ignored, so publishers may add their own.
struct IngestHeader {
    let members: [String: JSONValue]
    let seq: UInt64
    let epoch: UInt64
    let ts: Double?

    /// Parses frame 1 and reads `seq`, `epoch` and `ts`.
    init(_ frame: [UInt8]) throws(DecodeError) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(frame)
        } catch {
            switch error {
            case .invalidUTF8(let offset): throw .headerNotUTF8(offset: offset)
            case .syntax: throw .headerNotJSON(reason: error.description)
            }
        }
        guard case .object(let members) = document else { throw .headerNotObject(found: document.typeName) }
        guard let seqValue = members["seq"] else { throw .missingSeq }
        guard let seq = seqValue.exactUInt64 else { throw .invalidSeq(found: seqValue.excerpt()) }
        var epoch: UInt64 = 0
        if let e = members["epoch"], !e.isNull {
            guard let v = e.exactUInt64 else { throw .invalidEpoch(found: e.excerpt(), seq: seq) }
            epoch = v
        }
        var ts: Double? = nil
        if let t = members["ts"], !t.isNull {
            guard let v = t.doubleValue, v.isFinite else { throw .invalidTimestamp(found: t.excerpt(), seq: seq) }
            ts = v
        }
        self.members = members
        self.seq = seq
        self.epoch = epoch
        self.ts = ts
    }

    /// The `seq` of a frame when it is readable, for the alert of a message rejected for another reason.
    static func bestEffortSeq(_ frame: [UInt8]) -> UInt64? {
        guard let document = try? JSONValue.parse(frame) else { return nil }
        return document["seq"]?.exactUInt64
    }

    /// A member that is present and not `null`.
    subscript(key: String) -> JSONValue? {
        guard let v = members[key], !v.isNull else { return nil }
        return v
    }

    /// `ids`: nil when absent, else exactly n strings or `Int64` integers.
    func ids(count n: Int) throws(DecodeError) -> [ExampleID]? {
        guard let value = self["ids"] else { return nil }
        guard case .array(let elements) = value else {
            throw .invalidIDs(reason: "must be an array of \(n) strings or integers, got \(value.typeName)", seq: seq)
        }
        guard elements.count == n else {
            throw .invalidIDs(reason: "has \(elements.count) entries; x has \(n) rows", seq: seq)
        }
        var ids: [ExampleID] = []
        ids.reserveCapacity(n)
        for (k, e) in elements.enumerated() {
            guard let id = ExampleID(json: e) else {
                throw .invalidIDs(reason: "[\(k)] must be a string or an integer, got \(e.excerpt())", seq: seq)
            }
            ids.append(id)
        }
        return ids
    }
}
