import Decode
import Foundation

/// Where blrctl writes: results on stdout, warnings on stderr.
enum Output {
    /// One JSON document (compact, keys sorted, doubles that read back exactly) and a newline.
    static func json(_ value: JSONValue) {
        print(value.jsonText)
    }

    /// `blrctl: warning: …` on stderr.
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("blrctl: warning: \(message)\n".utf8))
    }
}
