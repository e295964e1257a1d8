import Inference
import Vocabulary

/// Daemon → subscriber messages (docs/PROTOCOL.md §2) as ZeroMQ frames: frame 0 the topic, frame 1 the UTF-8 JSON
/// header (keys sorted), then raw little-endian `<f8` C-order frames. Every header carries the caller's
/// `pubseq` (1, 2, … per daemon start) and `instance` (drawn at start). Pure functions, no state.
public enum OutboundEncoder {
    /// `pred/<model>`, published for each ingested batch before learning from it.
    ///
    /// Header: model, stream, seq, epoch, version, n, kind (`gaussian`/`probs`/`poisson`), `classes` K for
    /// probs, `ids` when the batch had them (an extension, so predictions can be joined to examples), `dof` when
    /// the gaussian kind is a Student-t (an extension: its mean and variance frames keep their meaning).
    /// Frames: gaussian mean[n], variance[n]; probs p[n × K] (binary: K = 2, column 1 = P(y = 1));
    /// poisson rate[n], variance[n].
    public static func prediction(
        model: String, stream: String, seq: UInt64, epoch: UInt64 = 0, version: Int, predictive: Predictive,
        ids: [ExampleID]? = nil, pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        var header: [String: JSONValue] = [
            "model": .string(model), "stream": .string(stream), "seq": JSONValue(seq), "epoch": JSONValue(epoch),
            "version": JSONValue(version), "n": JSONValue(predictive.count), "kind": .string(predictive.kind),
        ]
        if let ids { header["ids"] = .array(ids.map(\.json)) }
        let arrays: [[Double]]
        switch predictive {
        case .gaussian(let mean, let variance, let dof):
            if let dof { header["dof"] = .double(dof) }
            arrays = [mean, variance]
        case .probabilities(let p, let classes):
            header["classes"] = JSONValue(classes)
            arrays = [p]
        case .poisson(let rate, let variance):
            arrays = [rate, variance]
        }
        return frames(topic: "pred/\(model)", header: header, pubseq: pubseq, instance: instance, arrays: arrays)
    }

    /// `alert/<kind>/<subject>` with `fields` as the header (plus pubseq and instance, which win over fields
    /// of the same name). Alerts have no binary frames.
    public static func alert(
        kind: AlertKind, subject: String, fields: [String: JSONValue], pubseq: UInt64, instance: String
    ) -> [[UInt8]] {
        frames(
            topic: "alert/\(kind.rawValue)/\(subject)", header: fields, pubseq: pubseq, instance: instance, arrays: [])
    }

    /// Topic, header with pubseq and instance, and one `<f8` frame per array.
    static func frames(
        topic: String, header: [String: JSONValue], pubseq: UInt64, instance: String, arrays: [[Double]]
    ) -> [[UInt8]] {
        OutboundMessage(topic: topic, header: header, arrays: arrays).frames(pubseq: pubseq, instance: instance)
    }
}
