import ArgumentParser

/// The ingest wire form (docs/PROTOCOL.md §1) chosen with `--format`.
enum WireFormat: String, CaseIterable, ExpressibleByArgument {
    /// Topic, JSON header with array descriptors, raw x bytes, raw y bytes (the numpy idiom).
    case binary
    /// Topic and one JSON document with the numbers inline.
    case json
}
