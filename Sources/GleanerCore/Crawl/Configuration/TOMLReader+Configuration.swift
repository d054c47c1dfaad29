import GleanerParse

/// The configuration's own value kinds, read through the shared TOML reader.
extension TOMLReader {
    /// A duration within `range`: a value outside it (`"99999999999999999999d"`) is refused at
    /// load, with the bounds, instead of overflowing a timer later.
    func duration(_ key: String, _ range: ClosedRange<ConfigDuration>) -> ConfigDuration? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else {
            mismatch(key, expected: "a duration string like \"90s\", \"10m\" or \"1h30m\"", found: v)
            return nil
        }
        return checkedDuration(s, at: keyPath(key), range)
    }

    func checkedDuration(_ s: String, at path: String, _ range: ClosedRange<ConfigDuration>) -> ConfigDuration? {
        guard let d = ConfigDuration(parsing: s) else {
            context.report(path, "expected a duration like \"90s\", \"10m\", \"1h30m\" or \"1d\" (units ms, s, m, h, d), found \"\(s)\"")
            return nil
        }
        guard range.contains(d) else {
            context.report(path, "expected a duration from \(range.lowerBound) to \(range.upperBound), found \"\(s)\"")
            return nil
        }
        return d
    }

    /// A size within `range`, written as `"10MiB"` or a number of bytes.
    func byteSize(_ key: String, _ range: ClosedRange<ByteSize>) -> ByteSize? {
        guard let v = value(key) else { return nil }
        let size: ByteSize
        if let i = v.int {
            size = ByteSize(bytes: i)
        } else if let s = v.string, let parsed = ByteSize(parsing: s) {
            size = parsed
        } else {
            mismatch(key, expected: "a size like \"10MiB\", \"512KiB\" or a number of bytes", found: v)
            return nil
        }
        guard range.contains(size) else {
            let found = v.int.map { "\($0)" } ?? "\"\(v.string ?? "")\""
            report(key, "expected a size from \(range.lowerBound) to \(range.upperBound), found \(found)")
            return nil
        }
        return size
    }

    func durationArray(_ key: String, _ range: ClosedRange<ConfigDuration>) -> [ConfigDuration]? {
        guard let strings = stringArray(key) else { return nil }
        var out: [ConfigDuration] = []
        for (i, s) in strings.enumerated() {
            guard let d = checkedDuration(s, at: "\(keyPath(key))[\(i)]", range) else { return nil }
            out.append(d)
        }
        return out
    }
}
