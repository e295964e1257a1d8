import Testing
@testable import Daemon

/// `publish_model_every` (issue 9): `model/` after every n-th learned batch, by default once per 16 examples.
@Suite struct ModelCadenceTests {
    @Test func theDefaultKeepsEveryLargeBatchAndConflatesOneExampleBatches() {
        var large = ModelCadence(every: nil)
        large.learned(examples: 16)
        #expect(large.due)
        var one = ModelCadence(every: nil)
        for _ in 0..<15 { one.learned(examples: 1) }
        #expect(!one.due)
        one.learned(examples: 1)
        #expect(one.due)
        one.published()
        #expect(!one.due && one.batches == 0)
    }

    @Test func anExplicitCadenceCountsBatches() {
        var every3 = ModelCadence(every: 3)
        every3.learned(examples: 500)
        every3.learned(examples: 500)
        #expect(!every3.due)
        every3.learned(examples: 1)
        #expect(every3.due)
        let never = ModelCadence(every: 1)
        #expect(!never.due)  // nothing learned, nothing to publish
    }

    @Test func theKeyIsParsedAndChecked() throws {
        let model = try #require(
            try ConfigParser.parse(ConfigTests.minimal + "publish_model_every = 5\n", file: "blrd.toml").models.first)
        #expect(model.publishModelEvery == 5)
        #expect(try ConfigParser.parse(ConfigTests.minimal, file: "blrd.toml").models.first?.publishModelEvery == nil)
        #expect(throws: ConfigError.self) {
            try ConfigParser.parse(ConfigTests.minimal + "publish_model_every = 0\n", file: "blrd.toml")
        }
    }
}
