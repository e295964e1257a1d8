import Decode
import Foundation
import Inference
import Testing

/// `coalesce` with a journal that cannot take a chunk (issue 9): the chunk is refused as the messages it was made
/// of, so every message sent has exactly one visible outcome — its `pred/` (learned) or its own `persist_failed`.
@Suite(.serialized) struct CoalesceRefusalTests {
    @Test(.enabled(if: Tmpfs.isAvailable, "needs root to mount a tmpfs")) func aRefusedChunkIsRefusedMessageByMessage()
        throws
    {
        let disk = try Tmpfs(kibibytes: 1024)
        let h = try DaemonHarness(
            streams: [("s", PersistFailureTests.d, "regression")], models: PersistFailureTests.models,
            statePath: disk.path + "/state.sqlite", streamKeys: "coalesce = 8\n")
        try h.start()
        try h.synchronize()
        var outcomes: [UInt64: [String]] = [:]
        var refused = false
        var sent = 0
        // Bursts of 8 (chunks, when they queue) until the journal refuses one.
        while !refused && sent < 800 {
            for k in sent..<(sent + 8) { try h.send("s", try PersistFailureTests.frames(k)) }
            let last = UInt64(sent + 7)
            sent += 8
            var seen: Set<UInt64> = []
            _ = try h.receive { m in
                guard let seq = m.header["seq"]?.exactUInt64 else { return false }
                if m.topic == "pred/m" || m.topic == "alert/input/s" {
                    outcomes[seq, default: []].append(m.topic)
                    seen.insert(seq)
                    if m.topic == "alert/input/s" { refused = true }
                }
                return seen.contains(last) && (refused || (0...last).allSatisfy { outcomes[$0] != nil })
            }
        }
        #expect(refused, "the disk never filled")
        // Give late outcomes of the last burst a moment, then check every seq sent.
        _ = try? h.receive(
            until: { m in
                if m.topic == "pred/m" || m.topic == "alert/input/s", let seq = m.header["seq"]?.exactUInt64 {
                    outcomes[seq, default: []].append(m.topic)
                }
                return false
            }, timeout: 500)
        for seq in 0..<UInt64(sent) {
            #expect(outcomes[seq]?.count == 1, "seq \(seq): \(outcomes[seq] ?? [])")
        }
        try? h.kill()
    }
}
