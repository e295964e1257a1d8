import Decode
import Foundation
import Testing

@Suite("JSON values: parsing and deterministic serialization")
struct JSONValueTests {
    @Test("random doubles round-trip through the serializer and parser, in shortest and %.17g form")
    func doublesRoundTrip() throws {
        var g = SplitMix64(state: 99)
        for k in 0..<20_000 {
            let scale = pow(10.0, Double(k % 40 - 20))
            let v = k % 3 == 0 ? Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF) : g.uniform(scale: scale)
            let shortest = try JSONValue.parse(JSONValue.double(v).serialized())
            #expect(shortest.doubleValue == v, "\(v)")
            let long = try JSONValue.parse(Array(String(format: "%.17g", v).utf8))
            #expect(long.doubleValue == v, "\(v)")
        }
    }

    @Test("integers keep their kind and exact value")
    func integers() throws {
        #expect(try JSONValue.parse(Array("18446744073709551615".utf8)) == .uint(UInt64.max))
        #expect(try JSONValue.parse(Array("-9223372036854775808".utf8)) == .int(.min))
        #expect(try JSONValue.parse(Array("9007199254740993".utf8)) == .int(9_007_199_254_740_993))
        #expect(try JSONValue.parse(Array("18446744073709551616".utf8)) == .double(18_446_744_073_709_551_616))
        #expect(try JSONValue.parse(Array("42.0".utf8)).exactUInt64 == 42)
        #expect(try JSONValue.parse(Array("1e300".utf8)).exactUInt64 == nil)
        #expect(JSONValue(UInt64.max).jsonText == "18446744073709551615")
    }

    @Test("strings with escapes and non-ASCII text round-trip")
    func strings() throws {
        let text = #"{"a\"b": "tab\tnew\nline \u00e9 \ud83d\ude00 ü \\ /", "c": "\u0001"}"#
        let v = try JSONValue.parse(Array(text.utf8))
        #expect(v["a\"b"] == .string("tab\tnew\nline é 😀 ü \\ /"))
        #expect(v["c"] == .string("\u{01}"))
        #expect(try JSONValue.parse(v.serialized()) == v)
    }

    @Test("serialization sorts keys and writes non-finite doubles as null")
    func deterministic() {
        let v: JSONValue = ["b": 1, "a": [true, nil, 0.5], "c": .double(.infinity), "B": "x"]
        #expect(v.jsonText == #"{"B":"x","a":[true,null,0.5],"b":1,"c":null}"#)
    }

    @Test(
        "malformed documents are refused",
        arguments: [
            "", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "\"abc", "{\"a\" 1}", "[1] 2", "\"\\x\"",
            "\"\\ud800\"", "+1", ".5", "0x10", "{\"a\":1,\"a\":2}", String(repeating: "[", count: 300),
        ])
    func refused(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(text.utf8)) }
    }

    @Test("our output parses with JSONSerialization to the same values")
    func foundationAgrees() throws {
        let v: JSONValue = ["seq": JSONValue(UInt64(1) << 40), "x": JSONValue([0.1, 1e-300, -2.5e17]), "s": "é\n"]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(v.serialized())) as? [String: Any])
        #expect((object["seq"] as? NSNumber)?.int64Value == 1 << 40)
        #expect((object["x"] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } == [0.1, 1e-300, -2.5e17])
        #expect(object["s"] as? String == "é\n")
    }
}
