/// A binary-form array descriptor from the ingest header (docs/PROTOCOL.md §1.1):
/// `{"dtype": "<f4", "shape": [n, d]}`, optionally with numpy's `"fortran_order": false`.
struct ArrayDescriptor {
    /// The dtype as sent; the caller decides which dtypes its field accepts.
    let dtype: String
    /// Non-negative dimensions.
    let shape: [Int]

    /// Reads the descriptor of `field`, refusing anything but an object with a string `dtype`, a `shape` of
    /// non-negative integers and, when present, `fortran_order` false. Other keys are ignored.
    init(_ value: JSONValue, field: String, seq: UInt64) throws(DecodeError) {
        guard case .object(let members) = value else {
            throw .invalidDescriptor(
                field: field, reason: "must be an object {\"dtype\": …, \"shape\": […]}, got \(value.typeName)",
                seq: seq)
        }
        guard let dtypeValue = members["dtype"] else {
            throw .invalidDescriptor(field: field, reason: "has no dtype", seq: seq)
        }
        guard case .string(let dtype) = dtypeValue else {
            throw .invalidDescriptor(
                field: field, reason: "dtype must be a string, got \(dtypeValue.excerpt())", seq: seq)
        }
        guard let shapeValue = members["shape"] else {
            throw .invalidDescriptor(field: field, reason: "has no shape", seq: seq)
        }
        guard case .array(let dims) = shapeValue else {
            throw .invalidDescriptor(
                field: field, reason: "shape must be an array of integers, got \(shapeValue.excerpt())", seq: seq)
        }
        var shape: [Int] = []
        for dim in dims {
            guard let v = dim.exactUInt64, v <= UInt64(Int.max) else {
                throw .invalidDescriptor(
                    field: field, reason: "shape must hold non-negative integers, got \(shapeValue.excerpt())",
                    seq: seq)
            }
            shape.append(Int(v))
        }
        switch members["fortran_order"] {
        case nil, .null?, .bool(false)?: break
        case .bool(true)?: throw .fortranOrder(field: field, seq: seq)
        case let other?:
            throw .invalidDescriptor(
                field: field, reason: "fortran_order must be a boolean, got \(other.excerpt())", seq: seq)
        }
        self.dtype = dtype
        self.shape = shape
    }
}
