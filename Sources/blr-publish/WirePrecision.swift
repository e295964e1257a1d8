import ArgumentParser
import Decode

/// The dtype of x in the binary form, chosen with `--precision`: `f4` (`<f4`, half the bytes) or `f8` (`<f8`,
/// every bit). Without the option, x goes as `<f4` when it was read from a float32 `.npy` file (nothing is
/// lost) and as `<f8` otherwise.
enum WirePrecision: String, CaseIterable, ExpressibleByArgument {
    /// `<f4`: 4 bytes a value.
    case f4
    /// `<f8`: 8 bytes a value, exact.
    case f8

    /// The encoder's precision.
    var encoderPrecision: IngestEncoder.Precision {
        switch self {
        case .f4: .f4
        case .f8: .f8
        }
    }

    /// The numpy dtype string, for the start line.
    var dtype: String { encoderPrecision.rawValue }
}
