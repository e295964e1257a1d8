import CZeroMQ

/// The ZeroMQ socket patterns (`zmq_socket(3)`), with their libzmq constants.
public enum SocketType: Sendable, CaseIterable, CustomStringConvertible {
    /// Publisher: sends to every matching subscriber; drops at the high-water mark; never receives.
    case pub
    /// Subscriber: receives messages whose first frame starts with a subscribed prefix; never sends.
    case sub
    /// A publisher that also receives its subscribers' (un)subscriptions: `[1] + topic` / `[0] + topic`.
    case xpub
    /// A subscriber that sends its subscriptions as messages.
    case xsub
    /// Request: strictly alternates send and receive.
    case req
    /// Reply: strictly alternates receive and send.
    case rep
    /// Asynchronous request: load-balances sends, fair-queues receives.
    case dealer
    /// Asynchronous reply: prefixes received messages with the peer's routing id; routes sends by it.
    case router
    /// Pipeline sender: load-balances to pullers; blocks (or `EAGAIN`) at the high-water mark or with no peer.
    case push
    /// Pipeline receiver: fair-queues from pushers.
    case pull
    /// Exclusive one-to-one pair.
    case pair

    /// The `ZMQ_*` constant for `zmq_socket`.
    public var rawValue: Int32 {
        switch self {
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .xpub: ZMQ_XPUB
        case .xsub: ZMQ_XSUB
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .pair: ZMQ_PAIR
        }
    }

    /// The libzmq name: `"PUB"`, `"ROUTER"`, …
    public var description: String {
        switch self {
        case .pub: "PUB"
        case .sub: "SUB"
        case .xpub: "XPUB"
        case .xsub: "XSUB"
        case .req: "REQ"
        case .rep: "REP"
        case .dealer: "DEALER"
        case .router: "ROUTER"
        case .push: "PUSH"
        case .pull: "PULL"
        case .pair: "PAIR"
        }
    }
}
