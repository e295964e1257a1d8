import Foundation
import Testing
@testable import Persist

/// Registering models, refusing shape changes, deleting a model's history.
@Suite struct ModelTests {
    @Test func registrationIsCreatedThenExisting() throws {
        try StoreFixture.withStore { store, _ in
            let first = try store.registerModel(name: "m", stream: "sea", fingerprint: "fp", specJSON: #"{"a":1}"#)
            let second = try store.registerModel(name: "m", stream: "sea2", fingerprint: "fp", specJSON: #"{"a":2}"#)
            #expect(first == .created)
            #expect(second == .existing)
            let stored = try #require(try store.model(named: "m"))
            #expect(stored.fingerprint == "fp")
            #expect(stored.stream == "sea2")
            #expect(stored.specJSON == #"{"a":2}"#)
        }
    }

    @Test func aChangedShapeIsRefusedWithAnActionableMessage() throws {
        try StoreFixture.withStore { store, _ in
            try store.registerModel(name: "sea-logistic", stream: "sea", fingerprint: "linear d=3", specJSON: "{}")
            let error = #expect(throws: StoreError.self) {
                try store.registerModel(name: "sea-logistic", stream: "sea", fingerprint: "linear d=4", specJSON: "{}")
            }
            #expect(error == .shapeChanged(model: "sea-logistic", stored: "linear d=3", configured: "linear d=4"))
            let message = error?.description ?? ""
            #expect(message.contains("model 'sea-logistic' was stored with linear d=3, the config now says linear d=4"))
            #expect(message.contains("restore the old config"))
            #expect(message.contains("blrctl prune --model sea-logistic"))
            #expect(message.contains("new name"))
            #expect(try store.model(named: "sea-logistic")?.fingerprint == "linear d=3")
        }
    }

    @Test func deletingAModelRemovesItsSnapshotsAndFreesTheName() throws {
        try StoreFixture.withStore { store, _ in
            try StoreFixture.register("m", in: store, fingerprint: "old")
            try StoreFixture.register("other", in: store)
            for seq in 1...3 { try store.saveSnapshot(StoreFixture.snapshot("m", seq: UInt64(seq))) }
            try store.saveSnapshot(StoreFixture.snapshot("other", seq: 1))

            #expect(try store.deleteModel(name: "m") == 3)
            #expect(try store.models().map(\.name) == ["other"])
            #expect(try store.snapshots().map(\.model) == ["other"])
            #expect(try store.register(name: "m", fingerprint: "new") == .created)
            #expect(try store.saveSnapshot(StoreFixture.snapshot("m", seq: 9)).version == 1)
            #expect(throws: StoreError.unknownModel("nope")) { try store.deleteModel(name: "nope") }
        }
    }

    @Test func snapshotsOfUnregisteredModelsAreRefused() throws {
        try StoreFixture.withStore { (store, _) throws in
            #expect(throws: StoreError.unknownModel("ghost")) {
                try store.saveSnapshot(StoreFixture.snapshot("ghost", seq: 1))
            }
            #expect(try store.snapshots().isEmpty)
        }
    }
}

extension StateStore {
    fileprivate func register(name: String, fingerprint: String) throws -> ModelRegistration {
        try registerModel(name: name, stream: "sea", fingerprint: fingerprint, specJSON: "{}")
    }
}
