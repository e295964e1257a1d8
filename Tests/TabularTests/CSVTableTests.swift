import Testing

@testable import Tabular

/// blrd's one CSV reader: quoting, blanks, line numbers and the errors that name them.
@Suite("CSVTable: one reader, one set of rules")
struct CSVTableTests {
    static func table(_ text: String) throws(CSVError) -> CSVTable {
        try CSVTable(bytes: Array(text.utf8), origin: "t.csv")
    }

    static func error(_ text: String) -> String? {
        do {
            _ = try table(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func headerRowsAndTrimmedFields() throws {
        let t = try Self.table("a, b ,y\n1.5, 2.0 ,3\r\n4,5,6\n")
        #expect(t.header == ["a", "b", "y"])
        #expect(t.rows.map(\.fields) == [["1.5", "2.0", "3"], ["4", "5", "6"]])
        #expect(try t.numbers(column: 1) == [2, 5])
        #expect(t.column(named: "y") == 2)
    }

    @Test func quotedFieldsKeepCommasQuotesBlanksAndNewlines() throws {
        let t = try Self.table("name,note\n\"a, b\",\" x \"\n\"say \"\"hi\"\"\",\"two\nlines\"\n")
        #expect(t.rows.map(\.fields) == [["a, b", " x "], ["say \"hi\"", "two\nlines"]])
    }

    @Test func lineNumbersCountBlankLinesAndQuotedNewlines() throws {
        let t = try Self.table("\u{FEFF}a,b\n\n1,2\n  \n\"x\ny\",3\n4,5\n")
        #expect(t.headerLine == 1)
        #expect(t.rows.map(\.line) == [3, 5, 7])
    }

    @Test func errorsNameTheLineAfterBlankLines() {
        // The bug this reader replaced: blrctl counted lines without the blank ones.
        #expect(
            Self.error("a,b\n1,2\n\n\n3\n")
                == "t.csv:5: column 2 (\"b\") is missing: the row has 1 fields, the header 2 columns")
        #expect(
            Self.error("a,b\n1,2,3\n")
                == "t.csv:2: column 3 has no name in the header: the row has 3 fields, the header 2 columns")
    }

    @Test func numbersMustBeFinite() throws {
        let t = try Self.table("a,b\n\n1,abc\n,nan\n")
        #expect(throws: CSVError("t.csv:3: column 2 (\"b\"): \"abc\" is not a number")) {
            try t.number(row: 0, column: 1)
        }
        #expect(throws: CSVError("t.csv:4: column 1 (\"a\") is empty; every cell must be a number")) {
            try t.number(row: 1, column: 0)
        }
        #expect(throws: CSVError("t.csv:4: column 2 (\"b\"): \"nan\" is not a finite number")) {
            try t.number(row: 1, column: 1)
        }
    }

    @Test func badQuotingIsRefused() {
        #expect(Self.error("a,b\n1,\"open\n") == "t.csv:2: column 2: a quote is not closed before the end of the file")
        #expect(Self.error("a,b\n\"x\"y,2\n") == "t.csv:2: column 1: text after a closing quote")
        #expect(Self.error("\"a\"b\n") == "t.csv:1: column 1 of the header: text after a closing quote")
        #expect(Self.error("\n \n") == "t.csv: the file is empty; expected a header row naming the columns")
    }

    @Test func aMissingFileIsNamed() {
        do {
            _ = try CSVTable(path: "/nonexistent/t.csv")
            Issue.record("a missing file was read")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/t.csv: cannot read the file: "))
        }
    }
}
