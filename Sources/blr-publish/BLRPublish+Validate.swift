import ArgumentParser

extension BLRPublish {
    /// Checks the combination of options before anything is read or opened (ArgumentParser reports a
    /// `ValidationError` with the usage, exit status 64).
    func validate() throws {
        let sources = [csv != nil, !npy.isEmpty, synthetic != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError(
                "give exactly one source: --csv FILE --label COLUMN, --npy X.npy Y.npy or --synthetic KIND")
        }
        if csv != nil, label == nil { throw ValidationError("--csv needs --label COLUMN, the column of the labels") }
        if csv == nil, label != nil { throw ValidationError("--label applies to --csv only") }
        if !npy.isEmpty, npy.count != 2 {
            throw ValidationError("--npy takes two files, X.npy and Y.npy; got \(npy.count)")
        }
        if synthetic == nil {
            let given = [
                ("--features", features != nil), ("--seed", seed != nil), ("--every", every != nil),
                ("--width", width != nil), ("--noise-variance", noiseVariance != nil),
            ].filter(\.1).map(\.0)
            if !given.isEmpty {
                throw ValidationError("\(given.joined(separator: ", ")) apply to --synthetic streams only")
            }
        }
        if let synthetic, let task, task != synthetic.task {
            throw ValidationError(
                "--synthetic \(synthetic.rawValue) is a \(synthetic.task.rawValue) stream; "
                    + "--task \(task.rawValue) does not apply")
        }
        try Self.require(!stream.isEmpty, "--stream must not be empty")
        try Self.require(!endpoint.isEmpty, "--endpoint must not be empty")
        try Self.require(batch >= 1, "--batch must be at least 1")
        try Self.require(rate >= 0 && rate.isFinite, "--rate must be a number ≥ 0")
        try Self.require(epochs >= 1, "--epochs must be at least 1")
        try Self.require(count.map { $0 >= 1 } ?? true, "--count must be at least 1")
        try Self.require(features.map { $0 >= 1 } ?? true, "--features must be at least 1")
        try Self.require(every.map { $0 >= 1 } ?? true, "--every must be at least 1")
        try Self.require(width.map { $0 >= 1 } ?? true, "--width must be at least 1")
        try Self.require(noiseVariance.map { $0 >= 0 && $0.isFinite } ?? true, "--noise-variance must be ≥ 0")
        try Self.require(unlabelledEvery.map { $0 >= 1 } ?? true, "--unlabelled-every must be at least 1")
        try Self.require(wait >= 0 && wait.isFinite, "--wait must be a number of seconds ≥ 0")
        try Self.require(drain >= 0 && drain.isFinite, "--drain must be a number of seconds ≥ 0")
        try Self.require(retainBytes >= 1, "--retain-bytes must be at least 1")
        try Self.require(
            durableTimeout >= 0 && durableTimeout.isFinite, "--durable-timeout must be a number of seconds ≥ 0")
        if control == nil {
            try Self.require(
                retainBytes == 256 << 20 && durableTimeout == 60, "--retain-bytes and --durable-timeout need --control")
        }
        try Self.require(format == .binary || precision == nil, "--precision applies to --format binary only")
    }

    /// Throws a `ValidationError` with `message` unless `condition` holds.
    private static func require(_ condition: Bool, _ message: String) throws {
        if !condition { throw ValidationError(message) }
    }
}
