import Testing
import Vocabulary

@Suite("DType: numpy's little-endian dtypes read as doubles")
struct DTypeTests {
    @Test func everyDTypeReadsBackItsValues() {
        let values: [Double] = [0, -1, 2, 1_000_000]
        var f4: [UInt8] = [], f8: [UInt8] = [], i4: [UInt8] = [], i8: [UInt8] = []
        for v in values {
            withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { f4 += $0 }
            withUnsafeBytes(of: v.bitPattern.littleEndian) { f8 += $0 }
            withUnsafeBytes(of: Int32(v).littleEndian) { i4 += $0 }
            withUnsafeBytes(of: Int64(v).littleEndian) { i8 += $0 }
        }
        for (dtype, bytes) in [(DType.f4, f4), (.f8, f8), (.i4, i4), (.i8, i8)] {
            let (read, bad) = dtype.doubles(bytes, count: values.count)
            #expect(read == values)
            #expect(bad == nil)
        }
    }

    @Test func theFirstNonFiniteValueIsFound() {
        var bytes: [UInt8] = []
        for v in [1.0, .nan, .infinity] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        #expect(DType.f8.doubles(bytes, count: 3).firstNonFinite == 1)
    }

    @Test func namesAreNumpys() {
        #expect(DType(rawValue: "<f4") == .f4)
        #expect(DType.i8.code == "i8")
        #expect(DType.i4.size == 4 && DType.f8.size == 8)
        #expect(DType.f4.isFloatingPoint && DType.i8.isInteger)
    }
}
