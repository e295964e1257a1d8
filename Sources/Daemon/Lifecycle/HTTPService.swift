import Hummingbird
import Logging
import ServiceLifecycle

/// `[daemon] http`: Prometheus `/metrics`, `/healthz` (200 while the process serves) and `/readyz` (503 until
/// every model is restored and every stream subscribed, 200 after), served by Hummingbird.
struct HTTPService: Service {
    let address: HTTPAddress
    let exporter: MetricsExporter
    /// The readiness of the daemon as it is now.
    let readiness: @Sendable () -> Readiness
    let logger: Logger

    func run() async throws {
        let router = Router()
        let exporter = self.exporter
        let readiness = self.readiness
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: exporter.scrape())))
        }
        router.get("/healthz") { _, _ -> Response in Self.text(.ok, "ok\n") }
        router.get("/readyz") { _, _ -> Response in
            let r = readiness()
            return Self.text(r.isReady ? .ok : .serviceUnavailable, r.text)
        }
        let configuration = ApplicationConfiguration(
            address: .hostname(address.host, port: address.port), serverName: "blrd")
        let app = Application(router: router, configuration: configuration, logger: logger)
        try await app.run()
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
