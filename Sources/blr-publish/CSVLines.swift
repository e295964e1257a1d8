/// The non-blank lines of a file's bytes, with their 1-based line numbers: lines end in `\n` (a `\r` before it
/// is dropped), blank lines (only spaces and tabs) are skipped but counted, and a leading UTF-8 byte-order mark
/// is ignored.
struct CSVLines: IteratorProtocol {
    private let bytes: [UInt8]
    private var offset: Int
    private var number = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next non-blank line and its number, or nil at the end of the file.
    mutating func next() -> (Int, ArraySlice<UInt8>)? {
        while offset < bytes.count {
            number += 1
            let start = offset
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            offset = newline + 1
            var end = newline
            if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let content = bytes[start..<end]
            if content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            return (number, content)
        }
        return nil
    }
}
