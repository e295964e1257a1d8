extension JSONParser {
    /// 10⁰ … 10²², every one exact in a double.
    private static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { v, _ in v * 10 } }

    /// A number at `i` (RFC 8259 grammar, plus Python's `-Infinity`).
    ///
    /// Integer literals become `.int`/`.uint` when they fit; other numbers `.double`, exact by Clinger's fast
    /// path (mantissa ≤ 2⁵³, |power of ten| ≤ 22: one correctly rounded multiply or divide) or else by the
    /// standard library's correctly rounded conversion of the literal.
    ///
    /// References: W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990.
    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = i
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "I") {
                i = start
                try literalMinusInfinity()
                return .double(-.infinity)
            }
        }
        var mantissa: UInt64 = 0
        var exact = true  // the mantissa holds every digit
        var exponent = 0
        var integral = true

        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, isDigit(bytes[i]) { throw fail("leading zero in a number") }
        } else {
            while i < bytes.count, isDigit(bytes[i]) {
                accumulate(bytes[i], into: &mantissa, exact: &exact)
                i += 1
            }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit after '.'") }
            while i < bytes.count, isDigit(bytes[i]) {
                accumulate(bytes[i], into: &mantissa, exact: &exact)
                exponent -= 1
                i += 1
            }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            var exponentNegative = false
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit in the exponent") }
            var e = 0
            while i < bytes.count, isDigit(bytes[i]) {
                if e < 100_000 { e = e * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                i += 1
            }
            exponent += exponentNegative ? -e : e
        }

        if integral, exact {
            if !negative { return JSONValue(mantissa) }
            if mantissa <= UInt64(Int64.max) { return .int(-Int64(mantissa)) }
            if mantissa == UInt64(Int64.max) + 1 { return .int(.min) }
        }
        if exact, mantissa <= 1 << 53, (-22...22).contains(exponent) {
            let m = Double(mantissa)
            let v = exponent < 0 ? m / Self.powersOfTen[-exponent] : m * Self.powersOfTen[exponent]
            return .double(negative ? -v : v)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let v = Double(text) else { throw .syntax(offset: start, reason: "unreadable number") }
        return .double(v)
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool {
        b &- UInt8(ascii: "0") < 10
    }

    /// Appends a decimal digit to the mantissa; once it would overflow the number is no longer exact and the
    /// slow path reads the literal again.
    @inline(__always) private func accumulate(_ b: UInt8, into mantissa: inout UInt64, exact: inout Bool) {
        guard exact else { return }
        let (times10, o1) = mantissa.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(b - UInt8(ascii: "0")))
        if o1 || o2 { exact = false } else { mantissa = sum }
    }

    private mutating func literalMinusInfinity() throws(JSONParseError) {
        let word = Array("-Infinity".utf8)
        guard i + word.count <= bytes.count, Array(bytes[i..<(i + word.count)]) == word else {
            throw fail("invalid literal")
        }
        i += word.count
    }
}
