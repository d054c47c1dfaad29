import Foundation
import GleanerModel
import GleanerParse
import TestSupport

/// Paths and loaders shared by the parse tests.
enum Repo {
    static let root = repositoryRoot()
    static let parsers = root.appendingPathComponent("Parsers")
    static let tvseoul = parsers.appendingPathComponent("tvseoul")
    static let variants = root.appendingPathComponent("Tests/ParseTests/Fixtures/variants")
    static let schemas = root.appendingPathComponent("docs/schema")

    /// Loaded once for the whole test run (a registry is immutable and Sendable).
    static let loaded = Result { try ParserRegistry.load(directories: [parsers]) }

    static func registry() throws -> ParserRegistry { try loaded.get() }

    static func tvseoulParser() throws -> SiteParser {
        guard let p = try registry().parser(named: "tvseoul") else { throw TestFailure("tvseoul parser not loaded") }
        return p
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: url.path) else { throw TestFailure("cannot read \(url.path)") }
        return [UInt8](d)
    }

    static func json(_ url: URL) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes(url)))
    }

    /// Parses a shipped tvseoul fixture with its manifest URL and time.
    static func parseFixture(_ name: String) throws -> ParseResult {
        let parser = try tvseoulParser()
        let fixtures = try FixtureManifest.load(parserDirectory: tvseoul)
        guard let f = fixtures.first(where: { $0.name == name }) else { throw TestFailure("no fixture \(name)") }
        return try parser.parse(Page(url: f.url, body: bytes(f.file), contentType: f.contentType, fetchedAt: f.fetchedAt))
    }

    /// The built `gleaner` executable (`swift build --build-tests` builds it beside the test
    /// bundle, in whichever scratch path).
    static var binary: URL {
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("gleaner")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for config in ["debug", "release"] {
            let u = root.appendingPathComponent(".build/\(config)/gleaner")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return root.appendingPathComponent(".build/debug/gleaner")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Result of running the built binary.
struct ProcessOutput {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `gleaner` with arguments in `directory` (and extra environment) and collects its output.
func runGleaner(_ arguments: [String], in directory: URL = Repo.root,
                environment: [String: String] = [:]) throws -> ProcessOutput {
    let p = Process()
    p.executableURL = Repo.binary
    p.arguments = arguments
    if !environment.isEmpty {
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    p.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes before waiting, so a large output cannot fill a pipe and block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data(), errData = Data()
    group.enter()
    DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ProcessOutput(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
