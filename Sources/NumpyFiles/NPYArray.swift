import Foundation
import Vocabulary

/// A numpy `.npy` array read into doubles: format versions 1.0, 2.0 and 3.0, little-endian `float32`,
/// `float64`, `int32` or `int64`, C order (or Fortran order when that is the same thing: at most one axis
/// longer than 1).
///
/// Every refusal is an ``NPYError`` naming the file and what to do: a big-endian array, a Fortran-ordered
/// matrix, an unsupported dtype, a truncated body, a NaN or an infinity.
public struct NPYArray: Sendable {
    public let path: String
    public let dtype: DType
    public let shape: [Int]
    /// The elements in C order.
    public let values: [Double]

    /// Reads and checks the file at `path`.
    public init(path: String) throws(NPYError) {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw NPYError("\(path): cannot read the file: \((error as NSError).localizedDescription)")
        }
        func fail(_ reason: String) -> NPYError { NPYError("\(path): \(reason)") }
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 10, bytes.starts(with: magic) else {
            throw fail("not an .npy file (it does not start with \\x93NUMPY); save arrays with numpy.save")
        }
        let major = bytes[6]
        guard (1...3).contains(major) else {
            throw fail(".npy format version \(major).\(bytes[7]) is not supported (1.0, 2.0 and 3.0 are)")
        }
        let lengthSize = major == 1 ? 2 : 4
        let headerStart = 8 + lengthSize
        guard bytes.count >= headerStart else { throw fail("the file ends inside the .npy preamble") }
        let headerLength = (0..<lengthSize).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        let bodyStart = headerStart + headerLength
        guard bytes.count >= bodyStart else { throw fail("the file ends inside the .npy header") }
        let headerText = String(decoding: bytes[headerStart..<bodyStart], as: UTF8.self)
        let (dtype, fortranOrder, shape) = try Self.readHeader(headerText, fail: fail)
        let count = shape.reduce(1, *)
        let available = bytes.count - bodyStart
        guard available >= count * dtype.size else {
            throw fail(
                "truncated: shape \(Self.shapeText(shape)) of \(dtype.code) needs \(count * dtype.size) bytes "
                    + "of data, the file has \(available)")
        }
        if fortranOrder && shape.filter({ $0 > 1 }).count > 1 {
            throw fail(
                "the array is in Fortran order; save a C-ordered copy (numpy.save(path, numpy.ascontiguousarray(a)))")
        }
        let (values, firstNonFinite) = bytes.withUnsafeBytes { raw in
            dtype.doubles(UnsafeRawBufferPointer(rebasing: raw[bodyStart...]), count: count)
        }
        if let bad = firstNonFinite {
            throw fail("element \(Self.position(of: bad, in: shape)) is \(values[bad]); every value must be finite")
        }
        self.path = path
        self.dtype = dtype
        self.shape = shape
        self.values = values
    }

    /// The dtype, order and shape from the header dictionary.
    private static func readHeader(
        _ text: String, fail: (String) -> NPYError
    ) throws(NPYError) -> (DType, Bool, [Int]) {
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text)
        } catch {
            throw fail("unreadable .npy header: \(error.reason)")
        }
        guard case .dict(let header) = literal else { throw fail("the .npy header is not a dictionary") }
        guard case .string(let descr)? = header["descr"] else {
            throw fail("the .npy header has no dtype string (structured arrays are not supported)")
        }
        guard case .bool(let fortranOrder)? = header["fortran_order"] else {
            throw fail("the .npy header has no fortran_order flag")
        }
        guard case .sequence(let dimensions)? = header["shape"] else { throw fail("the .npy header has no shape") }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .int(let n) = dimension, n >= 0 else { throw fail("the .npy shape is not a tuple of sizes") }
            shape.append(n)
        }
        return (try dtype(descr, fail: fail), fortranOrder, shape)
    }

    /// The element type of a `descr` such as `<f8`, refusing big-endian and unsupported types.
    private static func dtype(_ descr: String, fail: (String) -> NPYError) throws(NPYError) -> DType {
        guard let order = descr.first else { throw fail("the .npy dtype is empty") }
        let code = String(descr.dropFirst())
        if order == ">" {
            throw fail("dtype \(descr) is big-endian; save a little-endian copy (a.astype('<\(code)'))")
        }
        guard order == "<" || order == "=" || order == "|", let dtype = DType(rawValue: "<" + code) else {
            throw fail(
                "dtype \(descr) is not supported; use float32, float64, int32 or int64 (<f4, <f8, <i4, <i8)")
        }
        return dtype
    }

    /// `(3, 2)` or `(5,)`, as numpy prints shapes.
    public static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// `[4, 1]`: the index of flat element `flat` in C order.
    private static func position(of flat: Int, in shape: [Int]) -> String {
        var rest = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "[" + index.map(String.init).joined(separator: ", ") + "]"
    }
}
