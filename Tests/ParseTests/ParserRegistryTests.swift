import Foundation
import GleanerParse
import TestSupport
import Testing

/// Loading parser folders parser by parser: what loads is usable, what does not is reported
/// under the name its sources use, and empty or missing folders are skipped.
struct ParserRegistryTests {
    /// `root/<folder>/parser.toml` with `text`.
    func write(_ text: String, _ root: URL, _ folder: String) throws {
        let dir = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("parser.toml"), atomically: true, encoding: .utf8)
    }

    @Test func aBrokenParserIsReportedByNameAndTheOthersLoad() throws {
        let dir = try TemporaryDirectory()
        let shipped = try String(contentsOf: Repo.tvseoul.appendingPathComponent("parser.toml"), encoding: .utf8)
        try write(shipped.replacingOccurrences(of: "name = \"tvseoul\"", with: "name = \"other\""), dir.url, "b-other")
        // Parses as TOML: known by its site.name. Does not: known by its folder's name.
        try write(shipped.replacingOccurrences(of: "name = \"tvseoul\"", with: "name = \"shop\"")
            .replacingOccurrences(of: "[records.weather]", with: "[records.weather]\ncolour = 1"), dir.url, "a-folder")
        try write("[site\nname = \"x\"", dir.url, "c-syntax")
        let empty = dir.url.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = dir.url.appendingPathComponent("missing")

        let report = ParserRegistry.loadReport(directories: [Repo.parsers, dir.url, empty, missing])
        #expect(report.registry.parsers.map(\.name) == ["news", "tvseoul", "other"])
        #expect(report.failed.map(\.name) == ["shop", "c-syntax"])
        #expect(report.errors(of: "shop").map(\.key) == ["records.weather.colour"])
        #expect(report.errors(of: "tvseoul").isEmpty)
        #expect(report.skipped.map(\.lastPathComponent) == ["empty", "missing"])
        #expect(throws: ParserLoadErrors.self) { try ParserRegistry.load(directories: [Repo.parsers, dir.url]) }
        #expect(try ParserRegistry.load(directories: [Repo.parsers, empty, missing]).parsers.map(\.name) == ["news", "tvseoul"])
    }

    @Test func twoFilesClaimingOneNameMakeThatNameUnusable() throws {
        let dir = try TemporaryDirectory()
        let shipped = try String(contentsOf: Repo.tvseoul.appendingPathComponent("parser.toml"), encoding: .utf8)
        try write(shipped, dir.url, "tvseoul")
        let report = ParserRegistry.loadReport(directories: [Repo.parsers, dir.url])
        #expect(report.loaded.count == 2, "the shipped news parser and the first tvseoul")
        #expect(report.registry.parser(named: "tvseoul") == nil, "which of the two was meant is unknown")
        #expect(report.errors(of: "tvseoul").map(\.description)
            == ["\(dir.path)/tvseoul/parser.toml: site.name: parser name 'tvseoul' is already used by \(Repo.tvseoul.path)/parser.toml"])
    }
}
