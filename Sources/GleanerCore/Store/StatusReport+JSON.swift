import Foundation
import GleanerModel

extension StatusReport {
    /// A stored outcome as a machine value and its reason: `ok`; `partial: 3 of 40 pages failed`
    /// (or the older `ok, 3 pages failed`) → partial; `failed: REASON` → failed.
    static func outcome(_ stored: String?) -> (kind: String?, reason: String?) {
        guard let stored else { return (nil, nil) }
        if stored == "ok" { return ("ok", nil) }
        if stored.hasPrefix("ok, ") { return ("partial", String(stored.dropFirst(4))) }
        for kind in ["partial", "failed"] where stored.hasPrefix(kind + ": ") {
            return (kind, String(stored.dropFirst(kind.count + 2)))
        }
        return ("failed", stored)
    }

    /// The same report as one JSON object (for scripts and monitoring).
    public func json() -> String {
        func date(_ d: Date?) -> Any { d.map { RFC3339.utcString($0) } ?? NSNull() }
        let object: [String: Any] = [
            "database": ["path": databasePath, "bytes": databaseBytes],
            "output_directory": outputDirectory ?? NSNull(),
            "last_page_at": date(lastCommitAt),
            "store": ["id": storeID ?? NSNull(), "generation": generation, "marker_store_id": marker?.storeID ?? NSNull(),
                      "paired": storeID != nil && marker?.storeID == storeID] as [String: Any],
            "urls": urls,
            "records": Dictionary(uniqueKeysWithValues: recordTypes.map {
                ($0.rawValue, ["ids": identities[$0] ?? 0, "emitted": revisions[$0] ?? 0])
            }),
            "sources": sources.map { s in
                [
                    "name": s.name, "last_run_at": date(s.lastRunAt), "next_run_at": date(s.nextRunAt),
                    "last_outcome": Self.outcome(s.lastOutcome).kind ?? NSNull(),
                    "last_outcome_reason": Self.outcome(s.lastOutcome).reason ?? NSNull(),
                    "consecutive_failures": s.consecutiveFailures,
                    "pages": s.pagesFetched, "unchanged": s.unchanged, "rejected": s.rejected,
                    "emitted": Dictionary(uniqueKeysWithValues: recordTypes.map { ($0.rawValue, s.emitted[$0] ?? 0) }),
                ] as [String: Any]
            },
            "disabled_sources": disabledSources.map { ["source": $0.source, "parser": $0.parser, "error": $0.error,
                                                       "error_count": $0.errorCount] as [String: Any] },
            "files": files.map { ["stream": $0.stream, "open": $0.open, "sealed": $0.sealed, "records": $0.records,
                                  "bytes": $0.bytes] as [String: Any] },
            "on_disk": onDisk.map { ["sealed": $0.sealed, "open": $0.open, "bytes": $0.bytes] as [String: Any] } ?? NSNull(),
            "open_files": openFiles.map { ["path": $0.path + ".open", "records": $0.recordCount,
                                           "bytes": $0.committedOffset, "seals_at": date($0.periodEnd)] as [String: Any] },
            "sealed_unfinished": sealedOnDisk.map { ["path": $0.path, "records": $0.recordCount, "bytes": $0.committedOffset] as [String: Any] },
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            // Not silent: a consumer sees an object with the reason instead of an empty line.
            var reason: [UInt8] = []
            JSONObjectWriter.appendString("status could not be encoded: \(error)", to: &reason)
            return "{\"error\": " + String(decoding: reason, as: UTF8.self) + "}\n"
        }
    }
}
