import Vocabulary

extension IngestDecoder {
    /// The binary form (docs/PROTOCOL.md §1.1): descriptors first (dtype, order, shape, d, size limit, frame count,
    /// byte lengths, ids), so a bad message is refused before any number is converted; then x and y.
    static func decodeBinary(
        _ frames: [[UInt8]], header: IngestHeader, stream: StreamSpec, maxElements: Int
    ) throws(DecodeError) -> IngestMessage {
        let seq = header.seq
        guard let xValue = header["x"] else { throw .missingX(seq: seq) }
        let x = try ArrayDescriptor(xValue, field: "x", seq: seq)
        guard let xType = DType(rawValue: x.dtype), xType.isFloatingPoint else {
            throw .featureDType(dtype: x.dtype, seq: seq)
        }
        guard x.shape.count == 2 else {
            throw .invalidDescriptor(field: "x", reason: "shape must be [n, d], got \(x.shape)", seq: seq)
        }
        let n = x.shape[0]
        guard x.shape[1] == stream.features else {
            throw .featureMismatch(expected: stream.features, got: x.shape[1], seq: seq)
        }
        let elements = try elementCount(rows: n, stream: stream, maxElements: maxElements, seq: seq)

        let yValue = header["y"]
        let expectedFrames = yValue == nil ? 3 : 4
        guard frames.count == expectedFrames else {
            throw .frameCount(got: frames.count, expected: [expectedFrames], seq: seq)
        }
        // elements ≤ maxElements, so the byte counts overflow only for an absurd limit; refuse that as too large.
        let tooLarge = DecodeError.tooLarge(rows: n, features: stream.features, limit: maxElements, seq: seq)
        let (xBytes, xOverflow) = elements.multipliedReportingOverflow(by: xType.size)
        guard !xOverflow else { throw tooLarge }
        guard frames[2].count == xBytes else {
            throw .byteLength(field: "x", expected: xBytes, got: frames[2].count, seq: seq)
        }
        var yType: DType? = nil
        if let yValue {
            let y = try ArrayDescriptor(yValue, field: "y", seq: seq)
            guard let t = DType(rawValue: y.dtype), stream.task.labelDTypes.contains(t) else {
                throw .labelDType(dtype: y.dtype, task: stream.task, seq: seq)
            }
            guard y.shape == [n] else { throw .labelShape(expected: n, got: y.shape, seq: seq) }
            let (yBytes, yOverflow) = n.multipliedReportingOverflow(by: t.size)
            guard !yOverflow else { throw tooLarge }
            guard frames[3].count == yBytes else {
                throw .byteLength(field: "y", expected: yBytes, got: frames[3].count, seq: seq)
            }
            yType = t
        }
        let ids = try header.ids(count: n)

        let d = stream.features
        let (xs, badX) = xType.doubles(frames[2], count: elements)
        if let k = badX { throw .nonFinite(field: "x", row: k / d, column: k % d, seq: seq) }
        var ys: [Double]? = nil
        if let yType {
            let (values, badY) = yType.doubles(frames[3], count: n)
            if let k = badY { throw .nonFinite(field: "y", row: k, column: nil, seq: seq) }
            try stream.checkLabels(values, seq: seq)
            ys = values
        }
        return IngestMessage(
            stream: stream.name, seq: seq, epoch: header.epoch,
            batch: try batch(x: xs, y: ys, stream: stream, seq: seq), ids: ids, ts: header.ts, form: .binary)
    }
}
