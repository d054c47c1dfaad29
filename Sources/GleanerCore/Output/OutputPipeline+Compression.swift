import GleanerStore
import Foundation

extension OutputPipeline {
    /// Publishes `X.jsonl` (absolute, without suffix) as `X.jsonl.gz`: gzip the data into
    /// `X.jsonl.gz.tmp` → fsync → rename to `X.jsonl.gz` → fsync the directory → remove the plain
    /// source (`X.jsonl.open`, or an `X.jsonl` left by a plain seal) → fsync the directory.
    ///
    /// A glob for `*.jsonl.gz` sees the file only once it is complete, and `*.jsonl` never sees
    /// this file at all. Every step can be redone: a crash before the rename leaves a `.gz.tmp`
    /// that recovery deletes (the source is still there, so the compression is done again); a
    /// crash after it leaves a complete `.gz` and a source that is simply removed. Returns the
    /// `.gz` path.
    func publishCompressed(_ sealed: String) throws -> String {
        let gz = sealed + ".gz"
        let dir = (sealed as NSString).deletingLastPathComponent
        let sources = [sealed + ".open", sealed].filter(Durable.exists)
        if !Durable.exists(gz) {
            guard let source = sources.first else {
                throw StoreError(output: .compress, path: sealed + ".open", detail: "nothing to compress: neither the open file nor a sealed one exists")
            }
            let temp = gz + ".tmp"
            do {
                let writer = try GzipWriter(creating: temp)
                try Durable.forEachChunk(of: source) { try writer.write($0) }
                try writer.finish()
            } catch {
                unlink(temp)  // no partial `.gz.tmp` left behind (a full disk, a read error)
                throw error
            }
            hooks.beforeCompressRename?(temp)
            try Durable.renameFile(temp, to: gz)
            try Durable.syncDirectory(dir)
            hooks.afterCompressRename?(gz)
        }
        if !sources.isEmpty {
            for source in sources { try Durable.removeFile(source) }
            try Durable.syncDirectory(dir)
        }
        return gz
    }
}
