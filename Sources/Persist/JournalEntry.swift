import Foundation

/// One accepted ingest message as the journal holds it: its stream position and its frames, exactly as they
/// arrived, so a replay decodes and applies the same batch.
public struct JournalEntry: Equatable, Sendable {
    /// The journal's row id: arrival order within the file.
    public var id: Int64
    public var stream: String
    public var epoch: UInt64
    public var seq: UInt64
    public var frames: [[UInt8]]

    public init(id: Int64 = 0, stream: String, epoch: UInt64, seq: UInt64, frames: [[UInt8]]) {
        self.id = id
        self.stream = stream
        self.epoch = epoch
        self.seq = seq
        self.frames = frames
    }
}

/// How much of the journal one stream holds.
public struct JournalSize: Equatable, Sendable {
    public var entries: Int
    /// Payload bytes (the frames and their length prefixes).
    public var bytes: Int
}
