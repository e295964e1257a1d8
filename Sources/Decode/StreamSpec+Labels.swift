import Vocabulary

extension StreamSpec {
    /// Refuses labels the task cannot have produced (docs/PROTOCOL.md §1.3 `label_range`), naming the first bad
    /// row, by the one rule of ``InvalidLabel``.
    func checkLabels(_ y: [Double], seq: UInt64?) throws(DecodeError) {
        if let bad = task.firstInvalidLabel(in: y, classes: classes) {
            throw .labelOutOfRange(row: bad.index, value: bad.value, reason: bad.rule, seq: seq)
        }
    }
}
