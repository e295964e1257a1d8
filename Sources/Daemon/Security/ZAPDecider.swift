import Logging
import ZeroMQ

/// What the ZAP handler answers (ZeroMQ RFC 27): 200 for a CURVE client whose public key is allowed, 400
/// for any other request, 500 for frames that are not a ZAP request. Refusals are logged with the peer's
/// address, rate limited (a refused client retries every reconnect interval); the log line says how many
/// were left out since the previous one.
struct ZAPDecider {
    let allowedClients: Set<String>
    let logger: Logger
    private var limiter = RecordLimiter(perSecond: 2)
    private var reportedSkips = 0

    init(allowedClients: Set<String>, logger: Logger) {
        self.allowedClients = allowedClients
        self.logger = logger
    }

    /// The reply frames to one request.
    mutating func reply(to frames: [[UInt8]]) -> [[UInt8]] {
        guard let request = ZAPRequest(frames: frames) else {
            logger.warning("malformed ZAP request refused", metadata: ["frames": "\(frames.count)"])
            return ZAPRequest.reply(to: frames.count > 1 ? frames[1] : [], .internalError, text: "malformed request")
        }
        if let key = request.curvePublicKey, allowedClients.contains(key) {
            logger.debug(
                "CURVE client allowed",
                metadata: [
                    "blrd.peer": "\(request.address)", "blrd.socket": "\(request.domain)", "blrd.client_key": "\(key)",
                ])
            return request.reply(.success, text: "OK", userID: key)
        }
        if limiter.allow() {
            logger.warning(
                "CURVE client refused: its public key is not in curve_allowed_clients",
                metadata: [
                    "blrd.peer": "\(request.address)", "blrd.socket": "\(request.domain)",
                    "blrd.mechanism": "\(request.mechanism)",
                    "blrd.client_key": "\(request.curvePublicKey ?? "-")",
                    "blrd.refusals_not_logged": "\(limiter.skipped - reportedSkips)",
                ])
            reportedSkips = limiter.skipped
        }
        return request.reply(.failure, text: "unknown client key")
    }
}
