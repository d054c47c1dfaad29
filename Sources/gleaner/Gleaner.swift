import ArgumentParser

@main
struct Gleaner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gleaner",
        abstract: "A crawler daemon that turns websites into clean, deduplicated JSON Lines records.",
        subcommands: [
            FetchCommand.self,
            RobotsCommand.self,
            ParseCommand.self,
            CheckCommand.self,
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
