import ArgumentParser
import Foundation
import GleanerCrawl
import GleanerDaemon
import Logging
import ServiceLifecycle

/// `gleaner run`: the daemon. Runs every source on its schedule until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the crawler daemon: every source on its schedule, until SIGTERM or SIGINT.",
        discussion: """
            SIGHUP reloads the configuration and the parsers (a bad new configuration is logged and \
            the old one kept). Under systemd (Type=notify) it reports READY=1, STATUS=, WATCHDOG=1 \
            and STOPPING=1. See docs/operations.md.
            """)

    @OptionGroup var paths: CrawlPathOptions

    func run() async throws {
        let setup = try paths.loadSetup()
        LoggingSetup.bootstrap(setup.configuration.log)
        let logger = Logger(label: "gleaner")
        let runtime: CrawlRuntime
        do {
            runtime = try CrawlRuntime.open(setup.configuration, logger: logger)
        } catch {
            logger.critical("cannot open the state or the output", metadata: ["daemon.error": "\(error)"])
            throw ExitCode(2)
        }
        let daemon = CrawlDaemon(configFile: paths.config, overrides: paths.overrides, setup: setup,
                                 runtime: runtime, notifier: SystemdNotifier(), logger: logger)
        var groupConfig = ServiceGroupConfiguration(services: [.init(service: daemon)],
                                                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // The daemon enforces shutdown_grace itself; this is the backstop for a wedged shutdown.
        groupConfig.maximumGracefulShutdownDuration = setup.configuration.daemon.shutdownGrace.duration + .seconds(15)
        try await ServiceGroup(configuration: groupConfig).run()
    }
}

/// Where the configuration is, and the paths a command line may override.
struct CrawlPathOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file.")
    var config: String = "/etc/gleaner/gleaner.toml"

    @Option(name: .customLong("state-dir"), help: "Override state_dir (SQLite state; output under <state-dir>/out unless --output-dir).")
    var stateDirectory: String?

    @Option(name: .customLong("output-dir"), help: "Override output_dir (JSON Lines files).")
    var outputDirectory: String?

    @Option(name: .customLong("parser-dir"), help: "Override parser_dirs (repeatable).")
    var parserDirectories: [String] = []

    @Option(name: .customLong("parsers-dir"), help: .hidden)
    var parserDirectoriesAlias: [String] = []

    @Option(name: .customLong("connect-to"), help: ArgumentHelp(
        "Connect to ADDRESS:PORT for HOST:PORT, as libcurl's CONNECT_TO; adds to or replaces a [http.connect_to] entry (repeatable).",
        valueName: "host:port:address:port"))
    var connectTo: [String] = []

    var overrides: CrawlSetup.Overrides {
        var pairs: [String: String] = [:]
        for entry in (try? ConnectTo.parseAll(connectTo)) ?? [] { pairs[entry.from] = entry.to }
        return CrawlSetup.Overrides(stateDirectory: stateDirectory, outputDirectory: outputDirectory,
                                    parserDirectories: parserDirectories + parserDirectoriesAlias, connectTo: pairs,
                                    typeDirectories: DefaultParserDirectories.list().map(\.path))
    }

    func validate() throws {
        _ = try ConnectTo.parseAll(connectTo)
    }

    /// Loads configuration and parsers and checks the state and output directories, or prints
    /// every problem and exits with status 2.
    func loadSetup() throws -> CrawlSetup {
        do {
            let setup = try CrawlSetup.load(configFile: config, overrides: overrides)
            // Before anything is created: a state_dir that is a file is named, not an NSError.
            try setup.configuration.validateDirectories()
            if setup.runnableSources.isEmpty, !setup.disabledSources.isEmpty {
                let errors = setup.parserErrors.keys.sorted().flatMap { setup.parserErrors[$0]! }
                throw CommandFailure("no enabled source can run: the parser of every one did not load:\n"
                                     + errors.map { "  \($0)" }.joined(separator: "\n"))
            }
            return setup
        } catch {
            FileHandle.standardError.write(Data("gleaner: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
