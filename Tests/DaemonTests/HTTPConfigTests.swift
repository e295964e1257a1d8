import Testing
@testable import Daemon

/// `[daemon] http` and `allow_remote_http`: off by default, loopback by default, a remote address only on consent.
@Suite struct HTTPConfigTests {
    @Test func offWhenAbsent() throws {
        let config = try ConfigParser.parse(SecurityConfigTests.config(""), file: "blrd.toml")
        #expect(config.daemon.http == nil && !config.daemon.allowRemoteHTTP)
    }

    @Test func metricsIntervalDefaultsToTenSecondsAndZeroTurnsItOff() throws {
        #expect(try ConfigParser.parse(SecurityConfigTests.config(""), file: "blrd.toml").daemon.metricsInterval == 10)
        let off = try ConfigParser.parse(SecurityConfigTests.config("metrics_interval = 0"), file: "blrd.toml")
        #expect(off.daemon.metricsInterval == 0)
        #expect {
            _ = try ConfigParser.parse(SecurityConfigTests.config("metrics_interval = -1"), file: "blrd.toml")
        } throws: { error in
            (error as? ConfigError)?.key == "daemon.metrics_interval"
        }
    }

    @Test(arguments: [
        ("127.0.0.1:9464", "127.0.0.1", 9464), (":9464", "127.0.0.1", 9464), ("9464", "127.0.0.1", 9464),
        ("localhost:80", "localhost", 80), ("[::1]:9464", "::1", 9464), ("127.0.0.2:1", "127.0.0.2", 1),
    ])
    func loopbackAddressesParse(text: String, host: String, port: Int) throws {
        let config = try ConfigParser.parse(SecurityConfigTests.config("http = \"\(text)\""), file: "blrd.toml")
        #expect(config.daemon.http == HTTPAddress(host: host, port: port))
    }

    @Test(arguments: ["0.0.0.0:9464", "10.1.2.3:9464", "[::]:9464", "example.org:9464"])
    func aRemoteAddressNeedsConsent(text: String) throws {
        #expect {
            _ = try ConfigParser.parse(SecurityConfigTests.config("http = \"\(text)\""), file: "blrd.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == 2 && error.key == "daemon.http"
                && error.description.contains("allow_remote_http = true")
        }
        let allowed = try ConfigParser.parse(
            SecurityConfigTests.config("http = \"\(text)\"\nallow_remote_http = true"), file: "blrd.toml")
        #expect(allowed.daemon.http != nil && allowed.daemon.allowRemoteHTTP)
    }

    @Test(arguments: ["", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:http", "::1:9464", "a b:1"])
    func malformedAddressesAreRefused(text: String) {
        #expect {
            _ = try ConfigParser.parse(SecurityConfigTests.config("http = \"\(text)\""), file: "blrd.toml")
        } throws: { error in
            (error as? ConfigError)?.key == "daemon.http"
        }
    }
}
