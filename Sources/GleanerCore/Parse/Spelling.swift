/// "Did you mean": the known name a misspelt one most likely stands for.
package enum Spelling {
    /// The candidate closest to `name`: one that differs only in case, `_` or `-`, else one
    /// within two edits (insert, delete, replace, swap of neighbours) that is shorter than both
    /// names, so `x` never suggests `id`. Ties go to the first in alphabetical order.
    package static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        let folded = fold(name)
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != name {
            let d = fold(candidate) == folded
                ? 0 : distance(Array(name.lowercased()), Array(candidate.lowercased()), limit: 2)
            guard d <= 2, d == 0 || d < min(name.count, candidate.count) else { continue }
            if best.map({ (d, candidate) < ($0.distance, $0.name) }) ?? true { best = (d, candidate) }
        }
        return best?.name
    }

    private static func fold(_ s: String) -> String {
        String(s.lowercased().filter { $0 != "_" && $0 != "-" })
    }

    /// Optimal string alignment distance, or `limit + 1` as soon as it must exceed `limit`.
    static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, previous2[j - 2] + 1) }
                current[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
