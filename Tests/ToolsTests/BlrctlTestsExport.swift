import Decode
import Foundation
import Inference
import Testing

/// `export` in its three formats, read back exactly.
@Suite("blrctl export")
struct BlrctlExportTests {
    /// A minimal `.npy` reader: format 1.0, little-endian float64, C order.
    struct NPY {
        let shape: [Int]
        let values: [Double]
        let headerLength: Int

        init(path: String) throws {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8), bytes[6] == 1 else {
                throw NPYError(reason: "not an NPY 1.x file")
            }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
            guard header.contains("'descr': '<f8'"), header.contains("'fortran_order': False"), header.hasSuffix("\n")
            else {
                throw NPYError(reason: "unexpected header \(header)")
            }
            let open = header.firstIndex(of: "(")!
            let close = header.firstIndex(of: ")")!
            shape = header[header.index(after: open)..<close].split(separator: ",").compactMap {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            let body = 10 + headerLength
            let count = shape.reduce(1, *)
            guard bytes.count == body + 8 * count else {
                throw NPYError(reason: "size \(bytes.count) for shape \(shape)")
            }
            values = (0..<count).map { i in
                var bits: UInt64 = 0
                for b in 0..<8 { bits |= UInt64(bytes[body + 8 * i + b]) << (8 * b) }
                return Double(bitPattern: bits)
            }
        }

        struct NPYError: Error { let reason: String }
    }

    @Test(arguments: [BlrctlModels.fullConjugate(), BlrctlModels.diagonalIVON()])
    func npyFilesHoldTheExactPosterior(spec: ModelSpec) throws {
        let state = try BlrctlState()
        let models = try state.save("m", versions: BlrctlModels.learn(spec, versions: 2))
        let model = models[1]

        let result = try state.blrctl("export", "m", "--format", "npy")
        #expect(result.status == 0, "\(result)")
        let mean = try NPY(path: state.directory.appendingPathComponent("m-2.mean.npy").path)
        let precision = try NPY(path: state.directory.appendingPathComponent("m-2.precision.npy").path)
        #expect((10 + mean.headerLength) % 64 == 0 && (10 + precision.headerLength) % 64 == 0)
        #expect(mean.shape == [4])
        #expect(mean.values == model.posterior.mean)
        switch model.posterior {
        case .full(let q):
            #expect(precision.shape == [4, 4])
            #expect(precision.values == q.precision)
        case .diagonal(let q):
            #expect(precision.shape == [4])
            #expect(precision.values == q.precision)
        case .block:
            Issue.record("this model has no block posterior")
            let scale = try NPY(path: state.directory.appendingPathComponent("m-2.scaler_scale.npy").path)
            #expect(scale.shape == [3])
        }

        let into = state.directory.appendingPathComponent("out").path + "/"
        let directory = try state.blrctl("export", "m@1", "--format", "npy", "-o", into)
        #expect(directory.status == 0, "\(directory)")
        #expect(try NPY(path: into + "m-1.mean.npy").values == models[0].posterior.mean)
        let prefix = state.directory.appendingPathComponent("posterior").path
        #expect(try state.blrctl("export", "m", "--format", "npy", "--output", prefix).status == 0)
        #expect(try NPY(path: prefix + ".mean.npy").values == model.posterior.mean)
    }

    @Test func jsonExportParses() throws {
        let state = try BlrctlState()
        let model = try state.save("m", versions: BlrctlModels.learn(BlrctlModels.fullConjugate(), versions: 1))[0]
        let result = try state.blrctl("export", "m@1", "--format", "json")
        #expect(result.status == 0, "\(result)")
        let json = try result.json()
        #expect(json["model"]?.stringValue == "m")
        #expect(json["version"]?.exactUInt64 == 1)
        #expect(json["family"]?.stringValue == "gaussian-full")
        #expect(json["layout"]?.arrayValue?.count == 2)
        #expect(json["mean"]?.doubles == model.posterior.mean)
        guard case .full(let q) = model.posterior else { Issue.record("not full"); return }
        let rows = try #require(json["precision"]?.arrayValue)
        #expect(rows.count == 4)
        #expect(rows.flatMap { $0.doubles ?? [] } == q.precision)
        #expect(
            json["names"]?.arrayValue?.map { $0.stringValue ?? "" } == [
                "weight[0,0]", "weight[0,1]", "weight[0,2]", "bias[0]",
            ])

        #expect(try state.blrctl("export", "m@1", "--json").stdout == result.stdout)
        #expect(try state.blrctl("export", "m@1").status == 64)

        let file = state.directory.appendingPathComponent("m.json").path
        #expect(try state.blrctl("export", "m", "--format", "json", "-o", file).status == 0)
        #expect(
            try JSONValue.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: file))))["mean"]?.doubles
                == model.posterior.mean)
    }

    @Test func csvExportHasOneRowPerParameter() throws {
        let state = try BlrctlState()
        let model = try state.save("m", versions: BlrctlModels.learn(BlrctlModels.diagonalIVON(), versions: 1))[0]
        let result = try state.blrctl("export", "m", "--format", "csv")
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "name,mean,variance,precision_diagonal")
        #expect(lines.count == 5)
        guard case .diagonal(let q) = model.posterior else { Issue.record("not diagonal"); return }
        let names = ["weight[0,0]", "weight[0,1]", "weight[0,2]", "bias[0]"]
        for (i, line) in lines.dropFirst().enumerated() {
            // The name is quoted when it holds a comma; the numbers follow the last quote.
            let name: String = names[i].contains(",") ? "\"" + names[i] + "\"" : names[i]
            #expect(line.hasPrefix(name + ","))
            let numbers: [String] = line.dropFirst(name.count + 1).split(separator: ",").map { String($0) }
            let cells: [String] = [name] + numbers
            #expect(Double(cells[1]) == q.mean[i])
            #expect(Double(cells[3]) == q.precision[i])
            #expect(Double(cells[2]) == 1 / q.precision[i])
        }
    }
}
