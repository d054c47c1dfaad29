import ArgumentParser
import GleanerFetch

@main
struct Gleaner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gleaner",
        abstract: "A crawler daemon that turns websites into clean, deduplicated JSON Lines records.",
        discussion: """
            Configuration: /etc/gleaner/gleaner.toml (docs/configuration.md). Installed parsers: \
            <prefix>/share/gleaner/parsers, local ones in /etc/gleaner/parsers.d. Record schemas: \
            <prefix>/share/gleaner/schema. State and output: /var/lib/gleaner. Operations (systemd, \
            reload, logs, metrics): docs/operations.md, installed in <prefix>/share/doc/gleaner.
            """,
        // The one version string: the User-Agent's (GleanerFetch.version).
        version: "gleaner \(GleanerFetch.version)",
        subcommands: [
            FetchCommand.self,
            RobotsCommand.self,
            ParseCommand.self,
            CheckCommand.self,
            SchemaCommand.self,
            StatusCommand.self,
            RunCommand.self,
            OnceCommand.self,
        ]
    )

    static func main() async {
        Allocator.tune()
        await main(nil)
    }
}
