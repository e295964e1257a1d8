import Decode

extension ControlServer {
    /// `{"op": "whatif", "model": M, "remove": {...}, "x": [[...]], "apply": false}`: runs on the model's stream
    /// worker, between batches, so the answer is about one consistent version.
    func whatIf(_ fields: [String: JSONValue]) async -> [UInt8] {
        guard let name = fields["model"]?.stringValue else { return ControlJSON.error("whatif needs \"model\"") }
        guard let worker = workers[name], let status = board.model(name) else {
            return ControlJSON.error("no model named '\(name)'")
        }
        let request: WhatIfRequest
        do {
            request = try WhatIfRequest(fields, features: status.session.config.features)
        } catch {
            return ControlJSON.error(error.description)
        }
        let result: Result<[String: JSONValue], ControlFailure> = await withCheckedContinuation { continuation in
            worker.submit(.whatIf(model: name, request: request, reply: { continuation.resume(returning: $0) }))
        }
        switch result {
        case .success(let reply): return ControlJSON.reply(reply)
        case .failure(let failure): return ControlJSON.error(failure.description)
        }
    }
}
