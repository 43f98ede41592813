import ArgumentParser
import Dashboard
import Foundation
import Workflow

/// `admf serve`: the read-only web dashboard over run stores.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a read-only web dashboard of runs: phases, live progress, trials, live sessions.",
        discussion: """
            Binds 127.0.0.1 unless --host says otherwise; any other address requires a token \
            (--token, or one is generated and printed once), sent as ?token=… or Authorization: Bearer ….
            """)

    @Option(help: "A run store file (run.sqlite).") var store: [String] = []
    @Option(help: "A folder searched for run stores (default: checkpoints).") var runsDir: String?
    @Option(help: "The address to bind.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port).") var port = 8080
    @Option(help: "The access token (required off loopback; generated when omitted).") var token: String?

    func run() throws {
        let directory = store.isEmpty ? (runsDir ?? "checkpoints") : runsDir
        let paths = store + (directory.map(DashboardData.stores(under:)) ?? [])
        var access = token.map(AccessToken.init)
        if access == nil, !AccessToken.isLoopback(host) {
            access = AccessToken.generate()
            emit("admf: token (shown once): \(access?.value ?? "")")
        }
        let server = try DashboardServer(data: try DashboardData(stores: store, directory: directory), host: host, port: port, token: access)
        try server.start()
        emit("admf: dashboard at \(server.url) (\(paths.count) store(s) now\(directory.map { ", more as they appear in \($0)" } ?? ""); Ctrl-C stops it)")
        try server.wait()
    }
}
