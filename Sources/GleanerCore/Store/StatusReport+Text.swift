import Foundation
import GleanerModel

extension StatusReport {
    /// A plain table for humans. `now` makes "next run in 12m" relative and testable.
    public func text(now: Date) -> String {
        var out: [String] = []
        out.append("database  \(databasePath) (\(Self.bytes(databaseBytes)))")
        out.append("output    \(outputDirectory ?? "(not written yet)")")
        out.append("pairing   \(pairing)")
        out.append("last page \(lastCommitAt.map { RFC3339.utcString($0) + " (" + Self.ago($0, now) + ")" } ?? "never")")
        out.append("")
        out.append("SOURCES")
        if sources.isEmpty { out.append("  (none has run yet)") }
        let types = recordTypes
        var table = [["source", "last run", "outcome", "fails", "next run", "pages"] + types.map(\.rawValue)
            + ["unchanged", "rejected"]]
        for s in sources {
            table.append([
                s.name, s.lastRunAt.map { Self.ago($0, now) } ?? "never", s.lastOutcome ?? "-", "\(s.consecutiveFailures)",
                s.nextRunAt.map { Self.until($0, now) } ?? "-", "\(s.pagesFetched)",
            ] + types.map { "\(s.emitted[$0] ?? 0)" } + ["\(s.unchanged)", "\(s.rejected)"])
        }
        if !sources.isEmpty { out += Self.columns(table).map { "  " + $0 } }
        for d in disabledSources {
            out.append("  DISABLED \(d.source): parser \(d.parser) did not load (\(d.errorCount) error\(d.errorCount == 1 ? "" : "s"); gleaner check lists them): \(d.error)")
        }
        out.append("")
        out.append("TOTALS")
        out.append("  urls known  \(urls)")
        // Type names are any length: pad to the longest (padding(toLength:) would cut it).
        let width = max(10, types.map(\.rawValue.count).max() ?? 0)
        for t in types {
            out.append("  \(t.rawValue.padding(toLength: width, withPad: " ", startingAt: 0))  \(identities[t] ?? 0) ids, \(revisions[t] ?? 0) records emitted")
        }
        out.append("")
        out.append("OUTPUT FILES")
        if files.isEmpty { out.append("  (none yet)") } else {
            var ft = [["stream", "open", "sealed", "records", "bytes"]]
            for f in files { ft.append([f.stream, "\(f.open)", "\(f.sealed)", "\(f.records)", Self.bytes(f.bytes)]) }
            out += Self.columns(ft).map { "  " + $0 }
        }
        if let d = onDisk {
            out.append("  on disk: \(d.sealed) sealed, \(d.open) open, \(Self.bytes(d.bytes))")
        }
        for f in openFiles {
            out.append("  open: \(f.path).open  \(f.recordCount) records, \(Self.bytes(f.committedOffset)), seals at \(RFC3339.utcString(f.periodEnd))")
        }
        for f in sealedOnDisk {
            out.append("  sealed on disk, seal unfinished: \(f.path)  \(f.recordCount) records (manifest and state are finished at the next start)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether the output directory's marker names this database (a start refuses otherwise).
    var pairing: String {
        guard let storeID else { return "no store id (written by an older gleaner; given one at the next start)" }
        guard let marker else { return "store \(storeID), generation \(generation); no .gleaner-state in the output yet" }
        if marker.storeID == storeID { return "store \(storeID), generation \(generation); the output's .gleaner-state matches" }
        return "MISMATCH: this database is store \(storeID), the output's .gleaner-state names store \(marker.storeID) "
            + "(generation \(marker.generation)); a start will refuse (docs/operations.md, \"Lost or damaged state\")"
    }

    static func columns(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    static func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return String(format: "%.1f KiB", Double(n) / 1024) }
        if n < 1 << 30 { return String(format: "%.1f MiB", Double(n) / 1_048_576) }
        return String(format: "%.2f GiB", Double(n) / 1_073_741_824)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86400 { return "\(s / 3600)h\(s % 3600 / 60 > 0 ? "\(s % 3600 / 60)m" : "")" }
        return "\(s / 86400)d"
    }

    static func ago(_ date: Date, _ now: Date) -> String { duration(max(0, now.timeIntervalSince(date))) + " ago" }

    static func until(_ date: Date, _ now: Date) -> String {
        date <= now ? "due" : "in " + duration(date.timeIntervalSince(now))
    }
}
