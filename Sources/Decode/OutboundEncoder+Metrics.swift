extension OutboundEncoder {
    /// `metrics/<model>`, every `metrics_interval` seconds: the model's scores — cumulative (`metrics`) and over
    /// the newest examples (`windows`: `metrics_1k`, `metrics_10k`) — and its counts since the daemon started.
    public static func metricsMessage(
        model: String, stream: String, version: Int, seq: UInt64?, epoch: UInt64?, metrics: [String: Double],
        windows: [String: [String: Double]], counts: [String: Int]
    ) -> OutboundMessage {
        var header: [String: JSONValue] = [
            "model": .string(model), "stream": .string(stream), "version": JSONValue(version),
            "seq": seq.map { JSONValue($0) } ?? .null, "epoch": epoch.map { JSONValue($0) } ?? .null,
            "metrics": ControlJSON.metrics(metrics.mapValues { Optional($0) }),
        ]
        for (key, scores) in windows { header[key] = ControlJSON.metrics(scores.mapValues { Optional($0) }) }
        for (key, n) in counts { header[key] = JSONValue(n) }
        return OutboundMessage(topic: "metrics/\(model)", header: header, arrays: [])
    }
}
