import Foundation

/// numpy's `.npy` format 1.0 for a C-order little-endian float64 array: magic `\x93NUMPY`, version 1.0, a
/// UInt16 header length, a Python-literal header padded with spaces and ended by a newline so that the data
/// starts at a multiple of 64 bytes, then the values.
///
/// *References*: numpy, "A simple file format for NumPy arrays" (NEP 1, `numpy.lib.format`).
public enum NPYWriter {
    public static func encode(shape: [Int], values: [Double]) -> [UInt8] {
        precondition(shape.reduce(1, *) == values.count)
        let dims = shape.map(String.init)
        let tuple = dims.count == 1 ? "(\(dims[0]),)" : "(\(dims.joined(separator: ", ")))"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(tuple), }"
        let prefix = 10  // magic (6) + version (2) + header length (2)
        let unpadded = prefix + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        out += [UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        out.reserveCapacity(out.count + 8 * values.count)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Writes `values` (C order, `shape`) to `path`.
    public static func write(_ values: [Double], shape: [Int], to path: String) throws {
        try Data(encode(shape: shape, values: values)).write(to: URL(fileURLWithPath: path))
    }
}
