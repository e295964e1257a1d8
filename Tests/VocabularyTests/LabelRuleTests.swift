import Testing
import Vocabulary

/// The one label rule (``InvalidLabel``) that the decoder, the inference core and blr-publish share.
@Suite("Label validity: one rule for every task")
struct LabelRuleTests {
    @Test func binaryLabelsAreZeroOrOne() {
        #expect(LearningTask.binary.firstInvalidLabel(in: [0, 1, 1, 0], classes: 2) == nil)
        let bad = LearningTask.binary.firstInvalidLabel(in: [0, 1, 2, 0.5], classes: 2)
        #expect(bad?.index == 2)
        #expect(bad?.value == 2)
    }

    @Test func multiclassLabelsAreBoundedByK() {
        #expect(LearningTask.multiclass.firstInvalidLabel(in: [0, 1, 2], classes: 3) == nil)
        #expect(LearningTask.multiclass.firstInvalidLabel(in: [0, 3], classes: 3)?.index == 1)
        #expect(LearningTask.multiclass.firstInvalidLabel(in: [0, 1.5], classes: 3)?.index == 1)
        #expect(LearningTask.multiclass.firstInvalidLabel(in: [-1], classes: 3)?.index == 0)
        // Without K (a publisher that has not asked the daemon), class indices are bounded only by 2⁵³.
        #expect(LearningTask.multiclass.firstInvalidLabel(in: [0, 40], classes: nil) == nil)
        #expect(LearningTask.multiclass.firstInvalidLabel(in: [0x1p53], classes: nil)?.index == 0)
    }

    @Test func countsAreNonNegativeIntegers() {
        #expect(LearningTask.count.firstInvalidLabel(in: [0, 3, 1_000_000], classes: nil) == nil)
        #expect(LearningTask.count.firstInvalidLabel(in: [0, -1], classes: nil)?.index == 1)
        #expect(
            LearningTask.count.firstInvalidLabel(in: [2.5], classes: nil)?.rule == "counts are non-negative integers")
    }

    @Test func regressionTargetsAreNotChecked() {
        #expect(LearningTask.regression.firstInvalidLabel(in: [-3.5, 1e300], classes: nil) == nil)
    }

    @Test func labelDTypesFollowTheTask() {
        #expect(LearningTask.regression.labelDTypes == [.f4, .f8])
        #expect(LearningTask.count.labelDTypes == [.i4, .i8, .f4, .f8])
    }
}
