import Foundation

/// Writes metrics for node_exporter's textfile collector: to a temporary file in the same
/// directory, then renamed over the target, so the collector never reads half a file.
public struct MetricsFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func write(_ metrics: CrawlMetrics) throws {
        let target = URL(fileURLWithPath: path)
        let dir = target.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // node_exporter ignores files not ending in .prom, so the temp name cannot be picked up.
        let temp = dir.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        try Data(metrics.render().utf8).write(to: temp)
        guard rename(temp.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot rename metrics file into \(path): \(reason)"])
        }
    }
}
