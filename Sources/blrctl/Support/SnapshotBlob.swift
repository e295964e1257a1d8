import Foundation
import Inference

/// A snapshot blob as the daemon writes it (its `SessionSnapshot`, internal to the Daemon module): the
/// encoded `Model` and, as JSON, the session state around it.
///
/// Layout, little-endian: magic "BLRP", UInt16 format version 1, UInt32 model length, `Model.encoded()`
/// bytes, UInt32 JSON length, JSON of {version, position: {epoch, seq}, metrics, drift, sensitivity}.
/// The reader is lenient about the JSON part (every field optional), strict about the model.
struct SnapshotBlob {
    struct Position: Decodable, Sendable {
        var epoch: UInt64
        var seq: UInt64
    }

    struct State: Decodable, Sendable {
        var version: Int?
        var position: Position?
        var metrics: PrequentialMetrics?
        var drift: AdaptiveForgetting?
        var sensitivity: SensitivityMonitor?
    }

    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    static let magic = Array("BLRP".utf8)

    var model: Model
    var state: State

    init(decoding bytes: [UInt8]) throws {
        guard bytes.count >= 14, Array(bytes[0..<4]) == Self.magic else {
            throw FormatError(description: "not a blrd snapshot (bad magic)")
        }
        let format = Self.read(UInt16.self, bytes, at: 4)
        guard format == 1 else { throw FormatError(description: "snapshot format version \(format) is not supported") }
        let modelLength = Int(Self.read(UInt32.self, bytes, at: 6))
        guard 14 + modelLength <= bytes.count else { throw FormatError(description: "snapshot is truncated") }
        do {
            model = try Model(encoded: Array(bytes[10..<(10 + modelLength)]))
        } catch {
            throw FormatError(description: "the model state does not decode: \(error)")
        }
        let jsonLength = Int(Self.read(UInt32.self, bytes, at: 10 + modelLength))
        let start = 14 + modelLength
        guard start + jsonLength == bytes.count else {
            throw FormatError(description: "snapshot length does not match")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            state = try decoder.decode(State.self, from: Data(bytes[start...]))
        } catch {
            throw FormatError(description: "the session state does not decode: \(error)")
        }
    }

    private static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value: T = 0
        for i in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
        return value
    }
}
