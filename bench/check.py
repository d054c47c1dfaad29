#!/usr/bin/env python3
"""check.py TRUTH_DIR OUTPUT... — compare a crawler's records with the generated ground truth.

OUTPUT is a JSON Lines file (Scrapy's feed) or a directory searched for *.jsonl and *.jsonl.open
files (gleaner's out/<type>/ files). Article and weather records are compared field by field
with the truth (revision and fetched_at ignored: they say when, not what); other record types
(teasers) are counted but not compared. Prints one JSON summary line; exit 1 on any difference.
"""

import json
import os
import sys

IGNORED = {"revision", "fetched_at"}
COMPARED = ("article", "weather")


def load(path):
    files = []
    for p in path:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith((".jsonl", ".jsonl.open"))]
        else:
            files.append(p)
    records, bad = [], 0
    for f in sorted(files):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError:
                    bad += 1
    return records, bad


def norm(rec):
    out = {k: v for k, v in rec.items() if k not in IGNORED}
    if isinstance(out.get("temperature_c"), (int, float)):
        out["temperature_c"] = float(out["temperature_c"])
    return out


def main():
    truth_dir, outputs = sys.argv[1], sys.argv[2:]
    truth = {}
    for t in COMPARED:
        with open(os.path.join(truth_dir, f"{t}.jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                truth[(r["type"], r["id"])] = norm(r)
    got, bad_lines = load(outputs)
    seen, dupes, other, extra, mismatched = {}, 0, {}, [], []
    for r in got:
        t = r.get("type")
        if t not in COMPARED:
            other[t] = other.get(t, 0) + 1
            continue
        key = (t, str(r.get("id")))
        if key in seen:
            dupes += 1
            if norm(r) == seen[key]:
                continue
        seen[key] = norm(r)
    for key, rec in seen.items():
        want = truth.get(key)
        if want is None:
            extra.append(key)
        # The truth has the fields both crawlers extract; the article type's other optional
        # fields (lead_image, language, ...) are gleaner's alone and not compared.
        elif {k: rec.get(k) for k in want} != want:
            fields = sorted(k for k in want if rec.get(k) != want.get(k))
            mismatched.append({"key": "/".join(key), "fields": fields,
                               "example": {k: {"got": rec.get(k), "want": want.get(k)} for k in fields[:2]}})
    missing = [k for k in truth if k not in seen]
    summary = {
        "records": len(got), "bad_lines": bad_lines, "duplicates": dupes, "other_types": other,
        "articles_expected": sum(1 for k in truth if k[0] == "article"),
        "weather_expected": sum(1 for k in truth if k[0] == "weather"),
        "equal": len(seen) - len(extra) - len(mismatched),
        "missing": len(missing), "extra": len(extra), "mismatched": len(mismatched),
        "missing_examples": ["/".join(k) for k in missing[:5]],
        "extra_examples": ["/".join(k) for k in extra[:5]],
        "mismatch_examples": mismatched[:3],
    }
    summary["ok"] = not (missing or extra or mismatched or bad_lines)
    print(json.dumps(summary, ensure_ascii=False))
    sys.exit(0 if summary["ok"] else 1)


if __name__ == "__main__":
    main()
