import ArgumentParser
import Foundation
import GleanerDaemon
import GleanerStore

/// `gleaner status`: what the daemon has done, read from its state database without writing to
/// it (safe while the daemon runs), and whether a gleaner process writes there now.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show sources, record counts and output files from the state database (read-only).",
        discussion: """
            Says whether a gleaner process (the daemon or a `gleaner once`) writes to the state \
            directory now, from the lock it holds. Exit status: 0 when the state was read, or when \
            there is none yet (nothing has run: it says so); 2 when the database exists but cannot \
            be read (the error names the file). In --json, each source's last_outcome is ok, \
            partial or failed, and last_outcome_reason says why.
            """)

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
        let directory = database.map { ($0 as NSString).deletingLastPathComponent } ?? stateDirectory
        let writer = WriterProbe.probe(directory: directory.isEmpty ? "." : directory)
        guard FileManager.default.fileExists(atPath: path) else {
            let none: [String: Any] = ["database": ["path": path, "exists": false] as [String: Any],
                                       "daemon": Self.jsonObject(writer, directory)]
            print(json ? Self.render(none)
                  : "no state yet at \(path): the daemon has not run (or --state-dir/--db names another place)\n"
                    + "daemon    \(WriterProbe.describe(writer, directory: directory))")
            return
        }
        let store: StateStore
        var report: StatusReport
        do {
            store = try StateStore.openReadOnly(path: path)
            report = try store.statusReport()
        } catch {
            FileHandle.standardError.write(Data("gleaner: cannot read the state at \(path): \(error)\n".utf8))
            throw ExitCode(2)
        }
        if let output { report.outputDirectory = output }
        report.disabledSources = try store.disabledSources()
        report.onDisk = report.outputDirectory.flatMap(StatusReport.DiskSummary.scan)
        if let dir = report.outputDirectory {
            report.reconcile(withDirectory: dir)
            report.readMarker(in: dir)
        }
        if json {
            // The store's report plus what only this process can see: the writer's lock.
            let text = report.json()
            if var object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] {
                object["daemon"] = Self.jsonObject(writer, directory)
                print(Self.render(object))
            } else {
                print(text, terminator: "")
            }
        } else {
            print("daemon    \(WriterProbe.describe(writer, directory: directory))")
            print(report.text(now: Date()), terminator: "")
        }
    }

    static func jsonObject(_ writer: WriterProbe.Answer, _ directory: String) -> [String: Any] {
        switch writer {
        case .running(let pid, let command):
            ["running": true, "pid": Int(pid), "command": command ?? NSNull(), "directory": directory]
        case .notRunning:
            ["running": false, "directory": directory]
        case .unknown(let reason):
            ["running": NSNull(), "reason": reason, "directory": directory]
        }
    }

    static func render(_ object: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
