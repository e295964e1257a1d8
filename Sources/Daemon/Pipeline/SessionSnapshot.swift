import Foundation
import Inference

/// What a snapshot stores for one model: the inference core's encoded `Model` (bit-exact) and the daemon's
/// state around it (posterior version, stream position, metrics, drift and sensitivity detectors) as JSON.
///
/// Layout: magic "BLRP", UInt16 version 1, UInt32 model length, model bytes, UInt32 JSON length, JSON
/// (little-endian). Persist checksums the whole blob. Public so `blrctl` reads snapshots with this same code.
public struct SessionSnapshot: Sendable {
    public struct State: Codable, Sendable, Equatable {
        public var version: Int
        public var position: BatchPosition?
        public var metrics: PrequentialMetrics
        public var drift: AdaptiveForgetting
        public var sensitivity: SensitivityMonitor
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    public var model: Model
    public var state: State

    static let magic = Array("BLRP".utf8)

    func encoded() throws -> [UInt8] {
        let modelBytes = model.encoded()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = Array(try encoder.encode(state))
        var out = Self.magic
        append(UInt16(1), to: &out)
        append(UInt32(modelBytes.count), to: &out)
        out += modelBytes
        append(UInt32(json.count), to: &out)
        out += json
        return out
    }

    init(model: Model, state: State) {
        self.model = model
        self.state = state
    }

    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count >= 14, Array(bytes[0..<4]) == Self.magic else { throw FormatError(description: "not a blrd snapshot (bad magic)") }
        guard read(UInt16.self, bytes, at: 4) == 1 else { throw FormatError(description: "snapshot format version \(read(UInt16.self, bytes, at: 4)) is not supported") }
        let modelLength = Int(read(UInt32.self, bytes, at: 6))
        guard 10 + modelLength + 4 <= bytes.count else { throw FormatError(description: "snapshot is truncated") }
        do {
            model = try Model(encoded: Array(bytes[10..<(10 + modelLength)]))
        } catch {
            throw FormatError(description: "the model state does not decode: \(error)")
        }
        let jsonLength = Int(read(UInt32.self, bytes, at: 10 + modelLength))
        let start = 14 + modelLength
        guard start + jsonLength == bytes.count else { throw FormatError(description: "snapshot length does not match") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            state = try decoder.decode(State.self, from: Data(bytes[start...]))
        } catch {
            throw FormatError(description: "the session state does not decode: \(error)")
        }
    }
}

private func append<T: FixedWidthInteger>(_ v: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
}

private func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
    var v: T = 0
    for i in 0..<MemoryLayout<T>.size { v |= T(bytes[offset + i]) << (8 * i) }
    return v
}
