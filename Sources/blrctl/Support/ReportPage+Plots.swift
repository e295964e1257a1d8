import Foundation

extension ReportPage {
    /// The figures, each an SVG and a caption saying what is drawn.
    var plots: [(svg: String, caption: String)] {
        let h = history
        let classifier = h.classes != nil
        var out: [(svg: String, caption: String)] = []
        func add(_ plot: SVGPlot, _ caption: String) {
            var plot = plot
            plot.events = events
            out.append((plot.svg, caption))
        }
        let loss = classifier ? "log_loss" : "nll"
        if h.has(loss) {
            var plot = SVGPlot(title: classifier ? "Log-loss" : "Negative log-likelihood", yLabel: "nats per example")
            plot.series = [
                .init(name: "cumulative", points: h.cumulative(loss)),
                .init(name: "between snapshots", points: h.interval(loss), dashed: true),
            ]
            if let k = h.classes { plot.references = [.init(name: "uniform guess, log \(k)", y: log(Double(k)))] }
            add(
                plot,
                "Prequential \(loss) (each prediction made before its label was learned): the running mean since the scores started, and the mean over the examples between consecutive snapshots (from the recorded counts n)."
            )
        }
        let score = classifier ? "accuracy" : "rmse"
        if h.has(score) {
            var plot = SVGPlot(title: classifier ? "Accuracy" : "RMSE", yLabel: score)
            plot.series = [
                .init(name: "cumulative", points: h.cumulative(score)),
                .init(name: "between snapshots", points: h.interval(score), dashed: true),
            ]
            if let k = h.classes { plot.references = [.init(name: "uniform guess, 1/\(k)", y: 1 / Double(k))] }
            add(plot, "Prequential \(score), cumulative and between consecutive snapshots.")
        }
        if h.has("ece15") {
            var plot = SVGPlot(title: "Expected calibration error", yLabel: "ECE (15 bins)")
            plot.series = [.init(name: "cumulative", points: h.cumulative("ece15"))]
            add(
                plot,
                "Top-label ECE over 15 confidence bins, cumulative (it has no per-interval form: its bins are not a mean of per-example terms)."
            )
        }
        if h.has("picp90") {
            var plot = SVGPlot(title: "90 % interval coverage", yLabel: "fraction covered")
            plot.series = [
                .init(name: "cumulative", points: h.cumulative("picp90")),
                .init(name: "between snapshots", points: h.interval("picp90"), dashed: true),
            ]
            plot.references = [.init(name: "nominal 0.9", y: 0.9)]
            add(
                plot,
                "Share of labels inside the central 90 % predictive interval; calibrated predictions stay near 0.9.")
        }
        var entropy = SVGPlot(title: "Posterior entropy (\(h.member))", yLabel: "nats")
        entropy.series = [.init(name: "entropy", points: h.points.map { (Double($0.seq), $0.entropy) })]
        add(
            entropy,
            "Differential entropy of \(h.member)'s Gaussian posterior over its weights: it falls as the model learns and rises when forgetting widens the posterior after a drift."
        )
        let kl = h.points.map { (x: Double($0.seq), y: $0.klFromPrevious) }
        var klPlot = SVGPlot(title: "KL between consecutive snapshots (\(h.member))", yLabel: "nats")
        klPlot.series = [.init(name: "KL(new ‖ previous)", points: kl)]
        let positive = kl.compactMap(\.y).filter { $0 > 0 }
        if let low = positive.min(), let high = positive.max(), high > 100 * low { klPlot.logY = true }
        add(
            klPlot,
            "KL(q_new ‖ q_previous) in closed form: how far each snapshot's posterior moved from the one before; spikes follow drift."
        )
        if h.members.count > 1 {
            var weights = SVGPlot(title: "Member weights", yLabel: "weight")
            weights.series = h.members.map { name in
                .init(name: name, points: h.points.map { (Double($0.seq), $0.weights[name]) })
            }
            add(
                weights,
                "The model average's weight on each member at each snapshot (Bayes' rule over their prequential densities with fixed share)."
            )
        }
        return out
    }

    /// Drift alerts as vertical markers, sensitivity alerts as ticks on the x axis.
    private var events: [SVGPlot.Event] {
        history.drift.compactMap { alert in
            alert.seq.map { SVGPlot.Event(x: Double($0), style: .marker, title: AlertFields(alert).line) }
        }
            + history.sensitivity.compactMap { alert in
                alert.seq.map { SVGPlot.Event(x: Double($0), style: .tick, title: AlertFields(alert).line) }
            }
    }
}
