import Foundation
import Daemon
import Inference
import Persist

/// A snapshot read from the store and decoded: its row and the model and session state in its blob. A model average
/// is shown through one member: its leader (largest weight), or the one `selecting(_:)` names.
struct LoadedSnapshot {
    let record: SnapshotRecord
    let blob: SessionSnapshot
    /// Index of the member shown.
    var member: Int

    init(record: SnapshotRecord, blob: SessionSnapshot) {
        self.record = record
        self.blob = blob
        member = blob.learner.leader
    }

    var memberName: String { blob.learner.members[member].name }
    var model: Model { blob.learner.members[member].model }
    /// The weights' posterior as `model/` reports it (for a learned noise, the marginal's precision P·a/β).
    var posterior: Posterior { model.marginalPosterior }

    /// The same snapshot shown through the member called `name` (a diff compares one member across versions).
    func selecting(_ name: String) throws -> LoadedSnapshot {
        guard let index = blob.learner.members.firstIndex(where: { $0.name == name }) else {
            throw CtlError(
                "\(label) has no member '\(name)' (members: \(blob.learner.members.map(\.name).joined(separator: ", ")))"
            )
        }
        var copy = self
        copy.member = index
        return copy
    }
    /// `MODEL@VERSION`.
    var label: String { "\(record.model)@\(record.version)" }
    /// The stream position the posterior includes: the blob's, else the row's.
    var position: (epoch: UInt64, seq: UInt64)? {
        if let p = blob.state.position { return (p.epoch, p.seq) }
        return record.seq.map { (record.epoch, $0) }
    }
}

extension StateStore {
    /// The snapshot `ref` names: its version, or the newest one that passes its checksum and decodes (newer
    /// damaged ones are reported on stderr).
    func load(_ ref: SnapshotRef) throws -> LoadedSnapshot {
        try requireModel(ref.model)
        if let version = ref.version {
            guard let record = try snapshot(model: ref.model, version: version) else {
                let stored = try snapshots(model: ref.model).map(\.version)
                let list = stored.isEmpty ? "it has none" : "stored: \(Format.versionList(stored))"
                throw CtlError("model '\(ref.model)' has no snapshot version \(version) (\(list))")
            }
            return LoadedSnapshot(record: record, blob: try Self.decode(record))
        }
        let (found, skipped) = try latestVerifiedSnapshot(model: ref.model) { _ = try Self.decode($0) }
        for skip in skipped { Output.warn("\(skip)") }
        guard let record = found else {
            if skipped.isEmpty { throw CtlError("model '\(ref.model)' has no snapshots yet") }
            throw CtlError("no snapshot of '\(ref.model)' reads back intact (\(skipped.count) damaged)")
        }
        return LoadedSnapshot(record: record, blob: try Self.decode(record))
    }

    /// Throws a message listing the registered models when `name` is not one of them.
    func requireModel(_ name: String) throws {
        guard try model(named: name) == nil else { return }
        let names = try models().map(\.name)
        let known = names.isEmpty ? "none is registered" : "registered: \(names.joined(separator: ", "))"
        throw CtlError("no model named '\(name)' in \(path) (\(known))")
    }

    private static func decode(_ record: SnapshotRecord) throws -> SessionSnapshot {
        do {
            return try SessionSnapshot(decoding: record.state)
        } catch {
            throw CtlError("snapshot \(record.model)@\(record.version) cannot be read: \(error)")
        }
    }
}
