/// The Python literals an `.npy` header is written in (`{'descr': '<f8', 'fortran_order': False, 'shape': (3,
/// 2), }`): strings, booleans, `None`, integers, tuples, lists and dicts with string keys.
enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case none
    case int(Int)
    /// A tuple or a list.
    case sequence([PythonLiteral])
    case dict([String: PythonLiteral])

    /// Why a header is not a literal this parser reads.
    struct SyntaxError: Error {
        let reason: String
    }

    /// Parses `text`, which must hold exactly one literal (surrounding whitespace aside).
    static func parse(_ text: String) throws(SyntaxError) -> PythonLiteral {
        var parser = Parser(Array(text.unicodeScalars))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.atEnd else { throw SyntaxError(reason: "unexpected text after the header dictionary") }
        return value
    }

    /// A recursive-descent parser over the header's Unicode scalars.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        var atEnd: Bool { index >= scalars.count }

        mutating func skipSpace() {
            while !atEnd, scalars[index].properties.isWhitespace { index += 1 }
        }

        mutating func value() throws(SyntaxError) -> PythonLiteral {
            skipSpace()
            guard !atEnd else { throw SyntaxError(reason: "the header ends early") }
            switch scalars[index] {
            case "'", "\"": return .string(try string())
            case "(": return .sequence(try sequence(closing: ")"))
            case "[": return .sequence(try sequence(closing: "]"))
            case "{": return try dict()
            case "-", "0"..."9": return try integer()
            default: return try word()
            }
        }

        mutating func string() throws(SyntaxError) -> String {
            let quote = scalars[index]
            index += 1
            var result = String.UnicodeScalarView()
            while !atEnd, scalars[index] != quote {
                if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                result.append(scalars[index])
                index += 1
            }
            guard !atEnd else { throw SyntaxError(reason: "a string in the header is not closed") }
            index += 1
            return String(result)
        }

        mutating func integer() throws(SyntaxError) -> PythonLiteral {
            let start = index
            if scalars[index] == "-" { index += 1 }
            while !atEnd, ("0"..."9").contains(scalars[index]) { index += 1 }
            let digits = String(String.UnicodeScalarView(scalars[start..<index]))
            if !atEnd, scalars[index] == "L" { index += 1 }  // Python 2 long: `(3L, 2L)`
            guard let value = Int(digits) else { throw SyntaxError(reason: "\(digits) is not an integer") }
            return .int(value)
        }

        mutating func word() throws(SyntaxError) -> PythonLiteral {
            let start = index
            while !atEnd, scalars[index].properties.isAlphabetic { index += 1 }
            switch String(String.UnicodeScalarView(scalars[start..<index])) {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            case let other:
                let shown = other.isEmpty ? String(scalars[index]) : other
                throw SyntaxError(reason: "unexpected \(shown) in the header")
            }
        }

        mutating func sequence(closing: Unicode.Scalar) throws(SyntaxError) -> [PythonLiteral] {
            index += 1
            var items: [PythonLiteral] = []
            while true {
                skipSpace()
                guard !atEnd else { throw SyntaxError(reason: "a tuple or list in the header is not closed") }
                if scalars[index] == closing {
                    index += 1
                    return items
                }
                items.append(try value())
                try separator(closing: closing)
            }
        }

        mutating func dict() throws(SyntaxError) -> PythonLiteral {
            index += 1
            var members: [String: PythonLiteral] = [:]
            while true {
                skipSpace()
                guard !atEnd else { throw SyntaxError(reason: "the header dictionary is not closed") }
                if scalars[index] == "}" {
                    index += 1
                    return .dict(members)
                }
                guard case .string(let key) = try value() else {
                    throw SyntaxError(reason: "a key of the header dictionary is not a string")
                }
                skipSpace()
                guard !atEnd, scalars[index] == ":" else { throw SyntaxError(reason: "expected : after '\(key)'") }
                index += 1
                members[key] = try value()
                try separator(closing: "}")
            }
        }

        /// After an item: a comma, or the closing bracket (left for the caller).
        mutating func separator(closing: Unicode.Scalar) throws(SyntaxError) {
            skipSpace()
            guard !atEnd else { throw SyntaxError(reason: "the header ends early") }
            if scalars[index] == "," {
                index += 1
            } else if scalars[index] != closing {
                throw SyntaxError(reason: "expected , or \(closing) in the header")
            }
        }
    }
}
