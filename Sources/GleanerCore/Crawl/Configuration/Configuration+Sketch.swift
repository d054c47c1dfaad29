import Foundation
import GleanerParse
import TOMLKit

extension Configuration {
    /// What can be read of a configuration file that does not load: its paths and, for every
    /// `[[source]]` in file order (so `source[i]` names the same entry), the name, parser and
    /// seeds where they are strings. `gleaner check` uses it to go on checking parsers and
    /// sources past the file's own errors. Nil when the file is not readable TOML at all.
    public static func sketch(file: String) -> Configuration? {
        guard case .success(let doc) = TOMLDocument.read(file) else { return nil }
        let root = doc.root
        var config = Configuration()
        config.file = file
        if let v = root["state_dir"]?.string {
            config.stateDirectory = v
            config.outputDirectory = (v as NSString).appendingPathComponent("out")
        }
        if let v = root["output_dir"]?.string { config.outputDirectory = v }
        if let a = root["parser_dirs"]?.array {
            let dirs = a.compactMap { $0.string }
            if dirs.count == a.count { config.parserDirectories = dirs }
        }
        let entries: [TOMLValueConvertible] = root["source"]?.array.map { Array($0) } ?? []
        for entry in entries {
            let t = entry.table
            let seeds = t?["seeds"]?.array.map { $0.compactMap { $0.string } } ?? t?["seeds"]?.string.map { [$0] } ?? []
            config.sources.append(SourceConfiguration(name: t?["name"]?.string ?? "", parser: t?["parser"]?.string ?? "", seeds: seeds))
        }
        return config
    }
}
