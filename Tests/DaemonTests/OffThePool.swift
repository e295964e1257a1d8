import Foundation

/// Runs a blocking test body (a blrd process, sockets with timeouts) on a thread of its own, so it never holds
/// one of the two cooperative-pool threads that async tests running in parallel need. An `#expect` that fails
/// inside still fails the run.
func offThePool(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "blocking-test"
        thread.stackSize = 8 << 20
        thread.start()
    }
}
