import ArgumentParser

/// A command-line value written as a comma-separated list, e.g. `--dims 10,100,1000`.
struct CommaList<Element: ExpressibleByArgument & CustomStringConvertible>: ExpressibleByArgument,
    ExpressibleByArrayLiteral, CustomStringConvertible
{
    var values: [Element]

    init(_ values: [Element]) { self.values = values }

    init(arrayLiteral elements: Element...) { values = elements }

    /// Parses `a,b,c`; blanks around items are ignored, an empty item or an unparsable one rejects the list.
    init?(argument: String) {
        var parsed: [Element] = []
        for item in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let text = item.trimmingCharacters(in: " ")
            guard let value = Element(argument: text) else { return nil }
            parsed.append(value)
        }
        guard !parsed.isEmpty else { return nil }
        values = parsed
    }

    var description: String { values.map(\.description).joined(separator: ",") }

    var defaultValueDescription: String { description }

    static var allValueStrings: [String] { Element.allValueStrings }
}

extension Substring {
    /// The text without leading and trailing `characters`.
    fileprivate func trimmingCharacters(in characters: Character) -> String {
        var slice = self[...]
        while slice.first == characters { slice = slice.dropFirst() }
        while slice.last == characters { slice = slice.dropLast() }
        return String(slice)
    }
}
