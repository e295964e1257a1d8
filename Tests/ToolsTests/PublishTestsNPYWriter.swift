import Foundation

/// Writes numpy `.npy` files (format 1.0, or 2.0/3.0 on request) for the `blr-publish` tests, including the
/// malformed ones the reader must refuse.
enum PublishTestsNPYWriter {
    /// The bytes of an `.npy` file: `descr` such as `<f4`, the shape, and the raw element bytes.
    static func file(
        descr: String, shape: [Int], body: [UInt8], fortranOrder: Bool = false, version: UInt8 = 1
    ) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header =
            "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        let preamble = version == 1 ? 10 : 12
        while (preamble + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
        let length = header.utf8.count
        bytes +=
            version == 1
            ? [UInt8(length & 0xFF), UInt8(length >> 8)]
            : [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), UInt8((length >> 16) & 0xFF), UInt8(length >> 24)]
        return bytes + Array(header.utf8) + body
    }

    /// float32 values, little-endian.
    static func float32(_ values: [Float]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    }

    /// float64 values, little-endian.
    static func float64(_ values: [Double]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
    }

    /// int64 values, little-endian.
    static func int64(_ values: [Int64]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) }
    }

    /// Writes `bytes` to `name` in `directory`; returns the path.
    static func write(_ bytes: [UInt8], to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
