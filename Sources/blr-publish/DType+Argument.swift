import ArgumentParser
import Vocabulary

/// `--precision f4|f8`: the dtype of x in the binary form, `<f4` (4 bytes a value) or `<f8` (8 bytes, exact);
/// numpy's spelling `<f4`/`<f8` reads too. Without the option, x goes as `<f4` when it was read from a float32
/// `.npy` file (nothing is lost) and as `<f8` otherwise.
extension DType: ExpressibleByArgument {
    public init?(argument: String) {
        guard let dtype = DType(rawValue: argument) ?? DType(rawValue: "<" + argument), dtype.isFloatingPoint else {
            return nil
        }
        self = dtype
    }

    public var defaultValueDescription: String { code }

    public static var allValueStrings: [String] { allCases.filter(\.isFloatingPoint).map(\.code) }

    public static var allValueDescriptions: [String: String] {
        ["f4": "<f4, 4 bytes a value", "f8": "<f8, 8 bytes a value, exact"]
    }
}
