import Tabular
import Testing

@Suite("TextTable: aligned text and Markdown")
struct TextTableTests {
    @Test func alignsColumnsAndDropsTrailingSpaces() {
        var table = TextTable(["NAME", "N", "NOTE"], rightAligned: [1])
        table.append(["a", "10", ""])
        table.append(["bbb", "2", "x"])
        #expect(table.render() == "NAME   N  NOTE\n----  --  ----\na     10\nbbb    2  x")
        #expect(table.render(indent: "  ").hasPrefix("  NAME"))
    }

    @Test func markdownMarksRightAlignedColumns() {
        var table = TextTable(["rule", "rate"], rightAligned: [1])
        table.append(["ivon", "1.2 M"])
        #expect(table.markdown() == "| rule | rate |\n|---|---:|\n| ivon | 1.2 M |")
    }

    @Test func fieldsPadTheKeys() {
        #expect(TextTable.fields([("a", "1"), ("long", "2")]) == "a     1\nlong  2")
    }
}
