import Decode
import Vocabulary

/// A control `whatif` as the worker runs it: which remembered examples, the probe rows, whether to apply it.
struct WhatIfRequest: Sendable {
    var selection: RemovalSelection
    /// n × d probe rows, predicted before and after.
    var probe: [Double]?
    var apply: Bool

    /// From the request's fields (`remove`, `x`, `apply`); `features` checks the probe rows.
    init(_ fields: [String: JSONValue], features: Int) throws(WhatIfRequestError) {
        guard let remove = fields["remove"]?.objectValue,
            remove.count == 1 || (remove.count == 2 && remove["since_epoch"] != nil)
        else {
            throw WhatIfRequestError("whatif needs \"remove\": {\"ids\": [...]}, {\"class\": K} or {\"since_seq\": S}")
        }
        if let ids = remove["ids"] {
            guard let list = ids.arrayValue, !list.isEmpty else {
                throw WhatIfRequestError("\"ids\" must be a non-empty array")
            }
            var parsed: [ExampleID] = []
            for value in list {
                guard let id = ExampleID(json: value) else {
                    throw WhatIfRequestError("an id must be an integer or a string, not \(value.jsonText)")
                }
                parsed.append(id)
            }
            selection = .ids(parsed)
        } else if let k = remove["class"] {
            guard let v = k.doubleValue, v.isFinite else {
                throw WhatIfRequestError("\"class\" must be a number (a class index or a label value)")
            }
            selection = .label(v)
        } else if let s = remove["since_seq"] {
            guard let seq = s.exactUInt64 else { throw WhatIfRequestError("\"since_seq\" must be an unsigned integer") }
            guard let epoch = remove["since_epoch"].map({ $0.exactUInt64 }) ?? .some(nil) else {
                throw WhatIfRequestError("\"since_epoch\" must be an unsigned integer")
            }
            // .max: the model's epoch, filled in by the worker.
            selection = .since(BatchPosition(epoch: epoch ?? .max, seq: seq))
        } else {
            throw WhatIfRequestError("\"remove\" takes one of ids, class, since_seq")
        }
        if let x = fields["x"], x != .null {
            do { probe = try ControlJSON.rows(x, features: features) } catch { throw WhatIfRequestError("x: \(error)") }
        }
        switch fields["apply"] {
        case nil, .null?: apply = false
        case .bool(let b)?: apply = b
        default: throw WhatIfRequestError("\"apply\" must be true or false")
        }
    }
}

/// A malformed `whatif` request.
struct WhatIfRequestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
