extension StreamSpec {
    /// Refuses labels the task cannot have produced (CONTRACT §3 "a label out of range"), naming the first
    /// bad row: binary labels are 0 or 1, multiclass labels integers in 0..<K, counts non-negative integers;
    /// regression targets only need to be finite, which the decoder has already checked.
    func checkLabels(_ y: [Double], seq: UInt64?) throws(DecodeError) {
        let reason: String
        let bad: Int?
        switch task {
        case .regression:
            return
        case .binary:
            bad = y.firstIndex { $0 != 0 && $0 != 1 }
            reason = "binary labels are 0 or 1"
        case .multiclass:
            let k = classes ?? 2
            let top = Double(k)
            bad = y.firstIndex { !($0 >= 0 && $0 < top && $0.rounded(.towardZero) == $0) }
            reason = "multiclass labels are class indices 0..<\(k)"
        case .count:
            bad = y.firstIndex { !($0 >= 0 && $0.rounded(.towardZero) == $0) }
            reason = "counts are non-negative integers"
        }
        if let row = bad { throw .labelOutOfRange(row: row, value: y[row], reason: reason, seq: seq) }
    }
}
