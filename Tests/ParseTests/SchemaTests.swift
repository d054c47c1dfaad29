import Foundation
import TestSupport
import Testing

/// Every golden line validates against `docs/schema/<type>.schema.json` (JSON Schema 2020-12),
/// checked with Python's `jsonschema` (`make deps` installs it): a full validator, so the
/// schemas mean what the spec says rather than what a home-made subset understands.
struct SchemaTests {
    static let script = """
        import json, sys, pathlib
        from jsonschema import Draft202012Validator
        schemas = {}
        for p in pathlib.Path(sys.argv[1]).glob("*.schema.json"):
            s = json.loads(p.read_text())
            Draft202012Validator.check_schema(s)
            schemas[p.name.split(".")[0]] = Draft202012Validator(s)
        n, bad = 0, 0
        for f in sys.argv[2:]:
            for i, line in enumerate(pathlib.Path(f).read_text().splitlines(), 1):
                rec = json.loads(line)
                v = schemas.get(rec.get("type"))
                if v is None:
                    print(f"{f}:{i}: no schema for type {rec.get('type')!r}"); bad += 1; continue
                for e in v.iter_errors(rec):
                    print(f"{f}:{i}: {'/'.join(map(str, e.path))}: {e.message}"); bad += 1
                n += 1
        print(f"checked {n} records")
        sys.exit(1 if bad else 0)
        """

    func validate(_ files: [String]) throws -> ProcessOutput {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", Self.script, Repo.schemas.path] + files
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return ProcessOutput(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    @Test func everyGoldenLineMatchesItsSchema() throws {
        let registry = try Repo.registry()
        var files: [String] = []
        for parser in registry.parsers {
            let expected = parser.definition.directory.appendingPathComponent("expected")
            let names = try FileManager.default.contentsOfDirectory(atPath: expected.path).filter { $0.hasSuffix(".jsonl") }
            files += names.sorted().map { expected.appendingPathComponent($0).path }
        }
        #expect(files.count >= 6)
        let r = try validate(files)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("checked"))
    }

    /// The schemas reject what they should: a check that cannot fail proves nothing.
    @Test func schemasRejectBrokenRecords() throws {
        let dir = try TemporaryDirectory()
        let bad = [
            #"{"type":"article","site":"tvseoul","id":"1","revision":1,"url":"http://x/","fetched_at":"2025-07-02T06:00:00Z","section":null,"title":"","subtitle":null,"authors":[],"published_at":null,"body":[],"images":[]}"#,
            #"{"type":"weather","site":"tvseoul","id":"2025-07-02/서울","revision":1,"url":"http://x/","fetched_at":"2025-07-02T06:00:00Z","date":"2025.07.02","location":"서울","condition":"맑음","condition_code":"clear","temperature_c":"29.1","provider":"기상청"}"#,
            #"{"type":"teaser","site":"tvseoul","id":"related:1","revision":1,"url":"http://x/","fetched_at":"2025-07-02T06:00:00Z","title":"t","target_url":"/news/article.html?no=1","lead":null,"authors":[],"published_at":null,"box":"related","extra":1}"#,
        ]
        for (i, line) in bad.enumerated() {
            let f = dir.url.appendingPathComponent("bad\(i).jsonl")
            try Data((line + "\n").utf8).write(to: f)
            let r = try validate([f.path])
            #expect(r.status != 0, "accepted: \(line)")
        }
    }
}
