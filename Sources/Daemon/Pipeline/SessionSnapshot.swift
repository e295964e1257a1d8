import Foundation
import Inference

/// What a snapshot stores for one model: the inference core's encoded `Learner` (bit-exact: members, calibrators,
/// weights, drift detector) and the daemon's state around it (posterior version, stream position, metrics,
/// sensitivity monitor) as JSON.
///
/// Layout: magic "BLRP", UInt16 version, UInt32 learner length, learner bytes, UInt32 JSON length, JSON
/// (little-endian). Persist checksums the whole blob. Version 1 (before learners) held one `Model` and its drift
/// detector in the JSON; it still decodes, as a learner of that one model. Public so `blrctl` reads snapshots
/// with this same code.
public struct SessionSnapshot: Sendable {
    public struct State: Codable, Sendable, Equatable {
        public var version: Int
        public var position: BatchPosition?
        public var metrics: PrequentialMetrics
        /// Scores before calibration (absent in version 1).
        public var uncalibrated: PrequentialMetrics?
        public var sensitivity: SensitivityMonitor
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let description: String
    }

    public var learner: Learner
    public var state: State

    /// The member with the largest weight, which `blrctl` shows, diffs and exports.
    public var model: Model { learner.members[learner.leader].model }

    static let magic = Array("BLRP".utf8)
    static let formatVersion: UInt16 = 2

    func encoded() throws -> [UInt8] {
        let learnerBytes = learner.encoded()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = Array(try encoder.encode(state))
        var out = Self.magic
        append(Self.formatVersion, to: &out)
        append(UInt32(learnerBytes.count), to: &out)
        out += learnerBytes
        append(UInt32(json.count), to: &out)
        out += json
        return out
    }

    init(learner: Learner, state: State) {
        self.learner = learner
        self.state = state
    }

    public init(decoding bytes: [UInt8]) throws {
        guard bytes.count >= 14, Array(bytes[0..<4]) == Self.magic else {
            throw FormatError(description: "not a blrd snapshot (bad magic)")
        }
        let format = read(UInt16.self, bytes, at: 4)
        guard format == 1 || format == Self.formatVersion else {
            throw FormatError(description: "snapshot format version \(format) is not supported")
        }
        let length = Int(read(UInt32.self, bytes, at: 6))
        guard 10 + length + 4 <= bytes.count else { throw FormatError(description: "snapshot is truncated") }
        let jsonLength = Int(read(UInt32.self, bytes, at: 10 + length))
        let start = 14 + length
        guard start + jsonLength == bytes.count else {
            throw FormatError(description: "snapshot length does not match")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let json = Data(bytes[start...])
        do {
            state = try decoder.decode(State.self, from: json)
        } catch {
            throw FormatError(description: "the session state does not decode: \(error)")
        }
        let payload = Array(bytes[10..<(10 + length)])
        do {
            if format == Self.formatVersion {
                learner = try Learner(encoded: payload)
            } else {
                // Version 1: one model; its drift detector was in the JSON, with a variance per batch where the
                // detector now keeps one per example, so its baseline restarts (its settings are kept).
                var detector = try decoder.decode(Legacy.self, from: json).drift.detector
                detector.restore(observed: 0, mean: 0, variance: 0, statistic: 0)
                let member = Member(name: "", model: try Model(encoded: payload), calibrator: nil, forgetting: .none)
                learner = try Learner(members: [member], drift: DriftResponse(detector: detector, acts: false))
            }
        } catch {
            throw FormatError(description: "the model state does not decode: \(error)")
        }
    }

    /// The version-1 JSON's drift field.
    private struct Legacy: Decodable {
        struct Drift: Decodable { var detector: DriftDetector }
        var drift: Drift
    }
}

private func append<T: FixedWidthInteger>(_ v: T, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
}

private func read<T: FixedWidthInteger>(_ v: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
    var value: T = 0
    for i in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
    return value
}
