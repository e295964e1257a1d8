extension IngestDecoder {
    /// The JSON form (docs/PROTOCOL.md §1.2): `x` an array of n rows of d numbers, `y` (optional) n numbers.
    static func decodeJSON(_ header: IngestHeader, stream: StreamSpec, maxElements: Int) throws(DecodeError)
        -> IngestMessage
    {
        let seq = header.seq
        guard let xValue = header["x"] else { throw .missingX(seq: seq) }
        if case .object = xValue {
            // A binary header whose raw frames went missing.
            throw .frameCount(got: 2, expected: [3, 4], seq: seq)
        }
        let xs = try JSONArrays.matrix(xValue, features: stream.features, maxElements: maxElements, seq: seq)
        let n = xs.count / stream.features
        var ys: [Double]? = nil
        if let yValue = header["y"] {
            let values = try JSONArrays.labels(yValue, rows: n, seq: seq)
            try stream.checkLabels(values, seq: seq)
            ys = values
        }
        let ids = try header.ids(count: n)
        return IngestMessage(
            stream: stream.name, seq: seq, epoch: header.epoch,
            batch: try batch(x: xs, y: ys, stream: stream, seq: seq), ids: ids, ts: header.ts, form: .json)
    }
}
