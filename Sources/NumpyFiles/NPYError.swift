/// Why a `.npy` file could not be read: one line naming the file and what to do.
public struct NPYError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
