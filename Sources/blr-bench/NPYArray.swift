import Foundation

/// A numpy `.npy` file (format 1.0–3.0) with a little-endian float32/float64/int32/int64 array in C order,
/// read into doubles.
struct NPYArray {
    let shape: [Int]
    let values: [Double]

    struct FormatError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): not a supported .npy file: \(reason)" }
    }

    init(contentsOf path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        func fail(_ reason: String) -> FormatError { FormatError(path: path, reason: reason) }
        guard bytes.count > 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else { throw fail("bad magic") }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        }
        guard let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else {
            throw fail("header is not text")
        }
        guard let descr = Self.field("descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")) else {
            throw fail("no descr")
        }
        guard Self.field("fortran_order", in: header)?.contains("False") ?? false else { throw fail("Fortran order") }
        guard let shapeText = header.range(of: "(").flatMap({ open in header.range(of: ")", range: open.upperBound..<header.endIndex).map { header[open.upperBound..<$0.lowerBound] } }) else {
            throw fail("no shape")
        }
        shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let count = shape.reduce(1, *)
        let body = headerStart + headerLength
        var out = [Double](repeating: 0, count: count)
        try bytes.withUnsafeBytes { raw in
            switch descr {
            case "<f4": guard raw.count - body >= 4 * count else { throw fail("truncated") }
                for i in 0..<count { out[i] = Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: body + 4 * i, as: UInt32.self))) }
            case "<f8": guard raw.count - body >= 8 * count else { throw fail("truncated") }
                for i in 0..<count { out[i] = Double(bitPattern: raw.loadUnaligned(fromByteOffset: body + 8 * i, as: UInt64.self)) }
            case "<i4": guard raw.count - body >= 4 * count else { throw fail("truncated") }
                for i in 0..<count { out[i] = Double(raw.loadUnaligned(fromByteOffset: body + 4 * i, as: Int32.self)) }
            case "<i8": guard raw.count - body >= 8 * count else { throw fail("truncated") }
                for i in 0..<count { out[i] = Double(raw.loadUnaligned(fromByteOffset: body + 8 * i, as: Int64.self)) }
            default: throw fail("dtype \(descr)")
            }
        }
        values = out
    }

    /// The text after `'key':` up to the next comma at depth 0.
    private static func field(_ key: String, in header: String) -> String? {
        guard let r = header.range(of: "'\(key)':") else { return nil }
        let rest = header[r.upperBound...]
        return String(rest.prefix { $0 != "," && $0 != "}" })
    }
}
