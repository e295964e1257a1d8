import Foundation

extension ConfigParser {
    /// The `[daemon]` table: paths, endpoints, limits, and security (CURVE keys, protected control).
    static func parseDaemon(_ r: TableReader) throws -> DaemonConfig.Daemon {
        var r = r
        try r.refuseUnknown(KnownKeys.daemon)
        var d = DaemonConfig.Daemon()
        if let v = try r.string("state") {
            guard !v.isEmpty else { throw r.error("state", "must name a file") }
            d.state = v
        }
        if let v = try r.string("publish") { d.publish = try endpoint(v, "publish", r) }
        if let v = try r.string("control") { d.control = try endpoint(v, "control", r) }
        if let v = try r.string("log_level") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(v) else {
                throw r.error("log_level", "must be one of \(levels.joined(separator: ", "))")
            }
            d.logLevel = v
        }
        if let v = try r.int("dead_letter_limit") {
            guard v >= 0 else { throw r.error("dead_letter_limit", "must be ≥ 0") }; d.deadLetterLimit = v
        }
        if let v = try r.bytes("max_message_bytes") {
            guard v >= 1024 else { throw r.error("max_message_bytes", "must be ≥ 1024") }; d.maxMessageBytes = v
        }
        if let v = try r.bytes("memory_limit") {
            guard v >= 1 << 20 else { throw r.error("memory_limit", "must be ≥ 1 MiB") }; d.memoryLimit = v
        }
        if let v = try r.int("max_subscribers") {
            guard v >= 1 else { throw r.error("max_subscribers", "must be ≥ 1") }; d.maxSubscribers = v
        }
        if let v = try r.int("receive_hwm") {
            guard v >= 1 else { throw r.error("receive_hwm", "must be ≥ 1") }; d.receiveHighWaterMark = v
        }
        if let v = try r.int("publish_hwm") {
            guard v >= 1 else { throw r.error("publish_hwm", "must be ≥ 1") }; d.publishHighWaterMark = v
        }
        if let v = try r.double("shutdown_timeout") {
            guard v > 0 else { throw r.error("shutdown_timeout", "must be > 0 seconds") }; d.shutdownTimeout = v
        }
        if let v = try r.bool("journal") { d.journal = v }
        if let v = try r.bool("journal_fsync") { d.journalFsync = v }
        if let v = try r.int("persist_failures") {
            guard v >= 1 else { throw r.error("persist_failures", "must be ≥ 1") }; d.persistFailures = v
        }
        if let v = try r.int("max_seq_jump") {
            guard v >= 1 else { throw r.error("max_seq_jump", "must be ≥ 1") }; d.maxSeqJump = UInt64(v)
        }
        d.curve = try parseCurve(&r)
        if let v = try r.bool("allow_remote_control") { d.allowRemoteControl = v }
        if d.curve == nil, !d.allowRemoteControl, !LocalEndpoint.isLocal(d.control) {
            throw r.error(
                "control",
                "'\(d.control)' is reachable from other machines, and anyone who reaches it can reset and restore "
                    + "models: bind 127.0.0.1 (or ipc://), turn on CURVE (curve_secret_key_file and "
                    + "curve_allowed_clients), or set allow_remote_control = true")
        }
        if let v = try r.string("http") {
            guard let address = HTTPAddress(parsing: v) else {
                throw r.error(
                    "http", "must be host:port, :port or port, with a port in 1…65535 (e.g. \"127.0.0.1:9464\")")
            }
            d.http = address
        }
        if let v = try r.bool("allow_remote_http") { d.allowRemoteHTTP = v }
        if let v = try r.double("metrics_interval") {
            guard v >= 0, v.isFinite else {
                throw r.error("metrics_interval", "must be ≥ 0 seconds (0: no metrics/ messages)")
            }
            d.metricsInterval = v
        }
        if let v = try r.bytes("max_model_bytes") {
            guard v >= 1 << 20 else { throw r.error("max_model_bytes", "must be ≥ 1 MiB") }; d.maxModelBytes = v
        }
        if let v = try r.int("keep_alerts") {
            guard v >= 0 else { throw r.error("keep_alerts", "must be ≥ 0 (0: no count limit)") }; d.keepAlerts = v
        }
        d.keepAlertsFor = try r.duration("keep_alerts_for")
        d.keepDeadLettersFor = try r.duration("keep_dead_letters_for")
        if let http = d.http, !http.isLoopback, !d.allowRemoteHTTP {
            throw r.error(
                "http",
                "'\(http)' is reachable from other machines, and the endpoint has no authentication: listen on "
                    + "127.0.0.1, or set allow_remote_http = true")
        }
        try r.finish()
        return d
    }

    /// `curve_secret_key_file` and `curve_allowed_clients`: both or neither; paths relative to the file's folder.
    private static func parseCurve(_ r: inout TableReader) throws -> CurveSettings? {
        let secret = try r.string("curve_secret_key_file")
        let clients = try r.string("curve_allowed_clients")
        switch (secret, clients) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw r.error(
                "curve_secret_key_file",
                "needs curve_allowed_clients too (a folder of the clients' public NAME.key files): "
                    + "without it any client that knows the server key would be let in")
        case (nil, _?):
            throw r.error("curve_allowed_clients", "needs curve_secret_key_file too (the server's NAME.key_secret)")
        case (let secret?, let clients?):
            for (key, value) in [("curve_secret_key_file", secret), ("curve_allowed_clients", clients)]
            where value.isEmpty {
                throw r.error(key, "must name a file")
            }
            return CurveSettings(
                secretKeyFile: resolve(secret, besides: r.file), allowedClients: resolve(clients, besides: r.file),
                origin: .init(
                    file: r.file, secretKeyLine: r.line(of: "curve_secret_key_file"),
                    allowedClientsLine: r.line(of: "curve_allowed_clients")))
        }
    }

    /// `path` if absolute, else `path` in the folder of the configuration file `file`.
    static func resolve(_ path: String, besides file: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}
