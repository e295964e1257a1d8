import CZeroMQ

/// The body of a ``SocketLoop``'s thread: owns the sockets, polls them with the doorbell, sends queued
/// messages, and yields received batches.
///
/// Created and used only on the loop thread, so it needs no locks of its own; everything shared goes
/// through the ``LoopMailbox``.
struct LoopRunner {
    let mailbox: LoopMailbox
    let continuation: AsyncStream<[SocketLoop.Received]>.Continuation
    /// Most messages taken from one socket per wake-up, so a busy socket cannot starve the others or the
    /// outbound queue.
    let maxBatch: Int

    /// Runs setup, then the loop, then the shutdown: close sockets, finish the stream, release waiters.
    func run(context: Context, setup: @Sendable (Context) throws -> [Socket]) {
        let sockets: [Socket]
        do {
            sockets = try setup(context)
        } catch {
            continuation.finish()
            mailbox.markFailedToStart(error)
            return
        }
        mailbox.markRunning(socketCount: sockets.count)
        let delta = loop(sockets)
        for socket in sockets {
            socket.close()
        }
        continuation.finish()
        mailbox.markFinished(delta)
    }

    /// Polls until a stop is requested or the context is shut down.
    /// - Returns: the statistics not yet published.
    private func loop(_ sockets: [Socket]) -> SocketLoop.Statistics {
        var poller = Poller()
        for socket in sockets {
            poller.add(socket)
        }
        let doorbell = poller.add(fileDescriptor: mailbox.doorbell.readDescriptor)
        var commands: [LoopMailbox.Command] = []
        var delta = SocketLoop.Statistics()
        while true {
            do {
                _ = try poller.poll(timeout: -1)
            } catch {
                delta.lastError = error as? ZeroMQError
                return delta
            }
            if poller.isReadable(doorbell) {
                mailbox.doorbell.drain()
            }
            let stopRequested = mailbox.takeCommands(into: &commands)
            let terminated = execute(commands, on: sockets, counting: &delta)
            commands.removeAll(keepingCapacity: true)
            if stopRequested || terminated {
                return delta
            }
            if receive(from: sockets, readable: poller, counting: &delta) {
                return delta
            }
            if !delta.isEmpty {
                mailbox.record(delta)
                delta = SocketLoop.Statistics()
            }
        }
    }

    /// Sends and performs `commands` in order; never blocks on a send.
    /// - Returns: whether the context was shut down (`ETERM`).
    private func execute(
        _ commands: [LoopMailbox.Command], on sockets: [Socket], counting delta: inout SocketLoop.Statistics
    ) -> Bool {
        for command in commands {
            switch command {
            case .send(let socketIndex, let frames):
                do {
                    try sockets[socketIndex].send(frames, dontWait: true)
                    delta.sentMessages += 1
                } catch let error as ZeroMQError {
                    if error.isTerminated {
                        delta.lastError = error
                        return true
                    }
                    delta.failedSends += 1
                    delta.lastSendError = error
                } catch {
                    delta.failedSends += 1
                }
            case .perform(let body):
                body(sockets)
            }
        }
        return false
    }

    /// Drains every readable socket (up to `maxBatch` messages each) and yields one batch.
    /// - Returns: whether the context was shut down (`ETERM`).
    private func receive(
        from sockets: [Socket], readable poller: Poller, counting delta: inout SocketLoop.Statistics
    ) -> Bool {
        var batch: [SocketLoop.Received] = []
        var terminated = false
        for index in sockets.indices where poller.isReadable(index) {
            do {
                var taken = 0
                while taken < maxBatch, let frames = try sockets[index].receive(dontWait: true) {
                    batch.append(SocketLoop.Received(socketIndex: index, frames: frames))
                    taken += 1
                }
            } catch let error as ZeroMQError where error.errno == EFSM {
                // REQ and REP allow one message per turn: the next receive waits for a send. Not an error.
                continue
            } catch {
                delta.lastError = error as? ZeroMQError
                if delta.lastError?.isTerminated == true {
                    terminated = true
                    break
                }
            }
        }
        if !batch.isEmpty {
            delta.receivedMessages += batch.count
            delta.receivedBatches += 1
            if case .dropped = continuation.yield(batch) {
                delta.droppedBatches += 1
            }
        }
        return terminated
    }
}
