import ArgumentParser
import Decode
import Foundation
import Inference
import Tabular

/// `blrctl diff M@V1 M@V2`: how far one posterior moved from another.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two snapshots: KL in both directions and the parameters that moved most.",
        discussion: """
            KL(from ‖ to) and KL(to ‖ from) are in nats, in closed form (a diagonal posterior compared with a \
            full one counts as the full Gaussian with that diagonal precision). A parameter's shift is \
            |mean_to − mean_from| in posterior standard deviations of FROM. The snapshots may belong to \
            different models of the same dimension.
            """)

    @ParentCommand var root: Blrctl

    @Argument(help: ArgumentHelp("The older snapshot, MODEL@VERSION (or MODEL: its newest).", valueName: "from"))
    var from: SnapshotRef

    @Argument(help: ArgumentHelp("The newer snapshot, MODEL@VERSION (or MODEL: its newest).", valueName: "to"))
    var to: SnapshotRef

    @Option(help: "How many of the most-moved parameters to list.")
    var top = 10

    @Flag(help: "One JSON document.")
    var json = false

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be at least 0") }
    }

    func run() throws {
        let store = try root.global.openStore()
        let a = try store.load(from)
        // One member on both sides: the first snapshot's leader (members of an average may trade places).
        let b = try store.load(to).selecting(a.memberName)
        guard a.posterior.dimension == b.posterior.dimension else {
            throw CtlError(
                "\(a.label) has \(a.posterior.dimension) parameters and \(b.label) has \(b.posterior.dimension): "
                    + "they cannot be compared"
            )
        }
        let forward = try GaussianDivergence.kl(a.posterior, b.posterior)
        let reverse = try GaussianDivergence.kl(b.posterior, a.posterior)
        let names = ParameterNames(a.model.spec.architecture.layout)
        let m1 = a.posterior.mean
        let m2 = b.posterior.mean
        let sd = a.posterior.variance.map { $0.squareRoot() }
        let shift = m1.indices.map { abs(m2[$0] - m1[$0]) / sd[$0] }
        let moved = Spread.largest(shift, count: top)

        if json {
            func side(_ s: LoadedSnapshot) -> JSONValue {
                [
                    "model": .string(s.record.model), "version": JSONValue(s.record.version),
                    "seq": s.position.map { JSONValue($0.seq) } ?? .null, "family": .string(s.posterior.family),
                    "member": .string(s.memberName),
                ]
            }
            Output.json([
                "from": side(a), "to": side(b), "kl_forward": JSONValue(forward), "kl_reverse": JSONValue(reverse),
                "moved": .array(
                    moved.map { i in
                        [
                            "name": .string(names.name(of: i)), "index": JSONValue(i), "mean_from": JSONValue(m1[i]),
                            "mean_to": JSONValue(m2[i]), "sd_from": JSONValue(sd[i]), "shift_sd": JSONValue(shift[i]),
                        ]
                    }),
            ])
            return
        }
        func describe(_ s: LoadedSnapshot) -> String {
            let seq = Format.position(epoch: s.position?.epoch ?? 0, seq: s.position?.seq)
            let member = s.blob.learner.members.count > 1 ? ", member \(s.memberName)" : ""
            return "\(s.label)  (seq \(seq), \(s.posterior.family)\(member))"
        }
        print(
            TextTable.fields([
                ("from", describe(a)), ("to", describe(b)),
                ("KL(from‖to)", "\(Format.number(forward)) nats"), ("KL(to‖from)", "\(Format.number(reverse)) nats"),
            ]))
        guard !moved.isEmpty else { return }
        var table = TextTable(["PARAMETER", "FROM", "TO", "SD(FROM)", "SHIFT/SD"], rightAligned: [1, 2, 3, 4])
        for i in moved {
            table.append([
                names.name(of: i), Format.number(m1[i]), Format.number(m2[i]), Format.number(sd[i]),
                Format.number(shift[i]),
            ])
        }
        print("\nmoved most\n" + table.render(indent: "  "))
    }
}
