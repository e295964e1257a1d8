import Testing
@testable import Daemon

/// `/readyz`'s state machine in process; `ReadyzProcessTests` sees a real blrd answer 503 while it restores.
@Suite struct ReadinessTests {
    /// Not ready until every model is restored and every stream subscribed.
    @Test func readinessWaitsForEveryModelAndStream() {
        let models = ["a", "b"], streams = ["s", "t"]
        let none = Readiness(models: models, restored: [], streams: streams, subscribed: [])
        #expect(!none.isReady && none.missingModels == ["a", "b"] && none.missingStreams == ["s", "t"])
        #expect(none.text.contains("models not restored: a, b") && none.text.contains("streams not subscribed: s, t"))
        let restored = Readiness(models: models, restored: ["a", "b"], streams: streams, subscribed: ["s"])
        #expect(!restored.isReady && restored.missingModels.isEmpty && restored.missingStreams == ["t"])
        let ready = Readiness(models: models, restored: ["b", "a"], streams: streams, subscribed: ["s", "t"])
        #expect(ready.isReady && ready.text == "ready\n")
    }
}
