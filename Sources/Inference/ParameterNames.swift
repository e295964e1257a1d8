/// The names of the flattened parameter vector's entries, from the model's layout: `weight[0,3]`, `bias[1]`,
/// `layer1.weight[4,2]` (block name, then the index in the block's shape, row-major).
public struct ParameterNames {
    public let layout: [ParameterBlock]
    private let offsets: [Int]

    public init(_ layout: [ParameterBlock]) {
        self.layout = layout
        var at = 0
        offsets = layout.map { block in
            defer { at += block.count }
            return at
        }
    }

    public var count: Int { layout.reduce(0) { $0 + $1.count } }

    /// The name of entry `index` of θ.
    public func name(of index: Int) -> String {
        guard let b = offsets.lastIndex(where: { $0 <= index }), index < offsets[b] + layout[b].count else {
            return "theta[\(index)]"
        }
        var rest = index - offsets[b]
        var coordinates = [Int](repeating: 0, count: layout[b].shape.count)
        for axis in layout[b].shape.indices.reversed() {
            let size = max(layout[b].shape[axis], 1)
            coordinates[axis] = rest % size
            rest /= size
        }
        return "\(layout[b].name)[\(coordinates.map(String.init).joined(separator: ","))]"
    }

    /// Every name, in order.
    public var all: [String] { (0..<count).map(name(of:)) }

    /// `weight [1, 8], bias [1]`.
    public var summary: String {
        layout.map { "\($0.name) [\($0.shape.map(String.init).joined(separator: ", "))]" }.joined(separator: ", ")
    }
}
