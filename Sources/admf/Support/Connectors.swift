import Workflow

/// The network connectors `admf run` offers live phases (none until a connector module is wired).
enum Connectors {
    static var factory: (any LiveConnectorFactory)? { nil }
}
