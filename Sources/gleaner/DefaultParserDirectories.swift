import Foundation
import GleanerParse

/// Where `parse` and `check` look for parsers when told nothing: `./Parsers` (a checkout), else
/// the parsers installed beside the binary (`<prefix>/bin/gleaner` → `<prefix>/share/gleaner/parsers`),
/// then `/etc/gleaner/parsers.d` when it exists. Only one of the first two: both hold the same
/// parser names, and a name defined twice is an error.
enum DefaultParserDirectories {
    static func list(currentDirectory: String = FileManager.default.currentDirectoryPath) -> [URL] {
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent("Parsers")
        let bundled = FileManager.default.fileExists(atPath: local.path) ? local : installed
        let siteLocal = URL(fileURLWithPath: "/etc/gleaner/parsers.d")
        return [bundled, siteLocal].compactMap { $0 }.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// `../share/gleaner/parsers` relative to the running executable, when that folder exists.
    static var installed: URL? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let prefix = URL(fileURLWithPath: executable).deletingLastPathComponent().deletingLastPathComponent()
        let dir = prefix.appendingPathComponent("share/gleaner/parsers")
        return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
    }

    /// How the defaults read in help texts.
    static let help = "./Parsers (else the installed <prefix>/share/gleaner/parsers), then /etc/gleaner/parsers.d"
}
