import ArgumentParser
import Foundation
import GleanerStore

/// `gleaner status`: what the daemon has done, read from its state database without writing to
/// it (safe while the daemon runs).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show sources, record counts and output files from the state database (read-only).")

    @Option(name: .customLong("state-dir"), help: "The daemon's state directory (holds state.sqlite).")
    var stateDirectory: String = "/var/lib/gleaner"

    @Option(name: .customLong("db"), help: "The state database file (overrides --state-dir).")
    var database: String?

    @Option(name: .customLong("output"), help: "The output directory, if it differs from the one the database recorded.")
    var output: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let path = database ?? (stateDirectory as NSString).appendingPathComponent("state.sqlite")
        let store: StateStore
        do { store = try StateStore.openReadOnly(path: path) } catch {
            throw ValidationError("\(error)")
        }
        var report = try store.statusReport()
        if let output { report.outputDirectory = output }
        report.disabledSources = try store.disabledSources()
        report.onDisk = report.outputDirectory.flatMap(StatusReport.DiskSummary.scan)
        if let dir = report.outputDirectory {
            report.reconcile(withDirectory: dir)
            report.readMarker(in: dir)
        }
        print(json ? report.json() : report.text(now: Date()), terminator: "")
    }
}
