import Foundation
import Testing
@testable import GleanerCrawl

/// `output.retention` shorter than a source's revisit horizon would forget records the source
/// still sees, and write them again as revision 1: refused at load, naming file, line and key.
@Suite struct RetentionTests {
    func config(retention: String, revisit: String = #"["1h", "24h"]"#) -> String {
        """
        state_dir = "/tmp/g/state"

        [output]
        retention = "\(retention)"

        [[source]]
        name = "home"
        parser = "tvseoul"
        seeds = ["http://www.tvseoul.kr/"]
        every = "10m"
        jitter = "1m"
        revisit = \(revisit)
        """
    }

    @Test func aRetentionShorterThanTheRevisitHorizonIsRefused() throws {
        let zero = try #require(throws: ConfigurationError.self) { try Configuration.parse(config(retention: "0s"), file: "g.toml") }
        #expect(zero.problems.map(\.description) == [#"g.toml:4: output.retention: expected a duration from 1h to 36500d, found "0s""#])
        for retention in ["1d"] {
            let error = try #require(throws: ConfigurationError.self) { try Configuration.parse(config(retention: retention), file: "g.toml") }
            #expect(error.problems.map(\.description) == [
                "g.toml:4: output.retention: expected at least 1d11m, the revisit horizon of source[0] \"home\" (last revisit 1d "
                    + "+ every 10m + jitter 1m); state pruned sooner forgets records the source still sees, and they would be "
                    + "written again as revision 1; found \(retention)",
            ])
        }
    }

    @Test func aRetentionThatOutlastsTheHorizonIsAccepted() throws {
        #expect(try Configuration.parse(config(retention: "1d11m"), file: "g.toml").output.retention == .seconds(86_400 + 660))
        #expect(try Configuration.parse(config(retention: "1h", revisit: "[]"), file: "g.toml").output.retention == .hours(1))
    }
}
