/// A small backtracking matcher for the regex subset parser files use, with ICU's semantics
/// for that subset, whose steps count against the page's regex budget (`CompiledRegex`).
///
/// Subset: literals and escaped punctuation, `.`, `\d \D \s \S`, classes `[…]` (ranges,
/// negation, `\d \s` inside), groups `(…)` `(?:…)`, `|`, `* + ? {n} {n,} {n,m}` greedy or lazy
/// (`*?`), anchors `^ $`. Anything else (flags, `\w`, `\b`, look-around, back-references,
/// possessive quantifiers, a loop whose body can match empty) makes `init` return nil and
/// NSRegularExpression stays in charge. Like ICU: `\d` is Unicode Nd, `\s` Unicode White_Space,
/// alternatives and quantifiers are tried in priority order, the leftmost match wins.
/// Inputs holding a line terminator go to ICU too (`.` and `$` treat those specially).
struct FastRegex: Sendable {
    indirect enum Node: Sendable {
        case scalar(Unicode.Scalar), any, set(CharSet), start, end
        case group(Node, capture: Int?), concat([Node]), alt([Node])
        case loop(Node, min: Int, max: Int?, lazy: Bool)
    }

    struct CharSet: Sendable {
        var ranges: [ClosedRange<UInt32>] = []
        var classes: [Character] = []  // "d", "D", "s", "S"
        var negated = false

        func contains(_ u: Unicode.Scalar) -> Bool {
            let hit = ranges.contains { $0.contains(u.value) } || classes.contains { FastRegex.inClass($0, u) }
            return hit != negated
        }
    }

    /// Trivial payloads only (sets live in `sets`): the loop copies ops without reference counting.
    enum Op: Sendable {
        case scalar(Unicode.Scalar), any, set(Int), start, end
        case split(Int, Int)  // try the first target, backtrack to the second
        case jump(Int), save(Int), match
    }

    let program: [Op]
    let sets: [CharSet]
    let groupCount: Int
    let anchored: Bool

    init?(_ pattern: String) {
        var p = PatternParser(Array(pattern.unicodeScalars))
        guard let node = p.parseAlternation(), p.atEnd else { return nil }
        var c = Compiler()
        c.emit(.save(0))
        guard c.compile(node) else { return nil }
        c.emit(.save(1))
        c.emit(.match)
        program = c.ops
        sets = c.sets
        groupCount = p.groups
        if case .concat(let parts) = node, case .start? = parts.first { anchored = true } else { anchored = false }
    }

    static func inClass(_ c: Character, _ u: Unicode.Scalar) -> Bool {
        switch c {
        case "d": return isDigit(u)
        case "D": return !isDigit(u)
        case "s": return isSpace(u)
        default: return !isSpace(u)
        }
    }

    static func isDigit(_ u: Unicode.Scalar) -> Bool {
        u.isASCII ? (u.value >= 0x30 && u.value <= 0x39) : u.properties.generalCategory == .decimalNumber
    }

    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        u.isASCII ? (u.value == 0x20 || (u.value >= 0x09 && u.value <= 0x0D)) : u.properties.isWhitespace
    }

    /// ICU's line terminators: where `.` and `$` differ from "any" and "end of input".
    static func isLineTerminator(_ u: Unicode.Scalar) -> Bool {
        (u.value >= 0x0A && u.value <= 0x0D) || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }

    /// Capture boundaries (scalar offsets) of the leftmost match: index 2k/2k+1 for group k,
    /// -1 for a group that did not take part. Nil when nothing matches, or when `steps` (one per
    /// instruction run, backtracking included) ran out: then `steps` is below zero. Nested
    /// quantifiers backtrack exponentially (`^(a+)+$` on 30 letters is ~10⁹ steps): the steps
    /// are the page's `regex_steps` budget.
    func firstMatch<Input: RandomAccessCollection>(in input: Input, from: Int = 0, steps: inout Int) -> [Int]?
    where Input.Element == Unicode.Scalar, Input.Index == Int {
        var caps = [Int](repeating: -1, count: 2 * (groupCount + 1))
        var stack: [(pc: Int, sp: Int, slot: Int)] = []  // slot >= 0: restore caps[slot] = sp
        // 32 entries (768 bytes) cover a URL pattern's backtracking. Not more: glibc serves a
        // request of 1 KB or more only after consolidating its fast bins, which after a freed
        // libxml2 tree costs ~15,000 instructions, more than the whole match.
        stack.reserveCapacity(32)
        let last = anchored ? min(from, input.count) : input.count
        guard from <= input.count else { return nil }
        for startAt in from...last {
            stack.removeAll(keepingCapacity: true)
            var pc = 0, sp = startAt
            while true {
                steps -= 1
                if steps < 0 { return nil }
                var ok = true
                switch program[pc] {
                case .scalar(let u): ok = sp < input.count && input[sp] == u; pc += 1; sp += 1
                case .any: ok = sp < input.count; pc += 1; sp += 1
                case .set(let k): ok = sp < input.count && sets[k].contains(input[sp]); pc += 1; sp += 1
                case .start: ok = sp == 0; pc += 1
                case .end: ok = sp == input.count; pc += 1
                case .split(let a, let b): stack.append((b, sp, -1)); pc = a
                case .jump(let t): pc = t
                case .save(let k): stack.append((caps[k], 0, k)); caps[k] = sp; pc += 1
                case .match: return caps
                }
                if ok { continue }
                // Backtrack: undo captures down to the newest alternative.
                var resumed = false
                while let top = stack.popLast() {
                    if top.slot >= 0 { caps[top.slot] = top.pc; continue }
                    pc = top.pc; sp = top.sp; resumed = true
                    break
                }
                if !resumed { break }
            }
        }
        return nil
    }
}

/// Pattern text → `FastRegex.Node`; nil for anything outside the subset.
private struct PatternParser {
    let s: [Unicode.Scalar]
    var i = 0
    var groups = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }
    var atEnd: Bool { i == s.count }

    mutating func parseAlternation() -> FastRegex.Node? {
        var alts: [FastRegex.Node] = []
        repeat {
            guard let c = parseConcat() else { return nil }
            alts.append(c)
        } while eat("|")
        return alts.count == 1 ? alts[0] : .alt(alts)
    }

    mutating func parseConcat() -> FastRegex.Node? {
        var parts: [FastRegex.Node] = []
        while i < s.count, s[i] != "|", s[i] != ")" {
            guard let atom = parseAtom(), let q = parseQuantifier(atom) else { return nil }
            parts.append(q)
        }
        return .concat(parts)
    }

    mutating func parseQuantifier(_ atom: FastRegex.Node) -> FastRegex.Node? {
        var min = 0, max: Int?
        if eat("*") { max = nil } else if eat("+") { min = 1 } else if eat("?") { max = 1 } else if i < s.count, s[i] == "{" {
            i += 1
            guard let lo = number() else { return nil }
            min = lo; max = lo
            if eat(",") { max = number() }
            guard eat("}"), max.map({ $0 >= lo }) ?? true else { return nil }
        } else {
            return atom
        }
        if case .start = atom { return nil }
        if case .end = atom { return nil }
        let lazy = eat("?")
        if i < s.count, s[i] == "+" { return nil }  // possessive
        return .loop(atom, min: min, max: max, lazy: lazy)
    }

    mutating func number() -> Int? {
        var n: Int?
        while i < s.count, let d = Int(String(s[i])), s[i].isASCII {
            n = (n ?? 0) * 10 + d
            i += 1
            if n! > 100_000 { return nil }  // ICU decides (and no overflow here)
        }
        return n
    }

    mutating func eat(_ c: Unicode.Scalar) -> Bool {
        if i < s.count, s[i] == c { i += 1; return true }
        return false
    }

    mutating func parseAtom() -> FastRegex.Node? {
        let c = s[i]
        i += 1
        switch c {
        case ".": return .any
        case "^": return .start
        case "$": return .end
        case "(":
            var capture: Int?
            if eat("?") {
                guard eat(":") else { return nil }
            } else {
                groups += 1
                capture = groups
            }
            guard let inner = parseAlternation(), eat(")") else { return nil }
            return .group(inner, capture: capture)
        case "[": return parseSet()
        case "\\": return parseEscape(inSet: false)
        case "*", "+", "?", "{", "}", ")", "]": return nil
        default: return .scalar(c)
        }
    }

    /// `\d \D \s \S` or escaped ASCII punctuation; letters and digits mean something else in ICU.
    mutating func parseEscape(inSet: Bool) -> FastRegex.Node? {
        guard i < s.count else { return nil }
        let c = s[i]
        i += 1
        if "dDsS".unicodeScalars.contains(c) { return .set(FastRegex.CharSet(classes: [Character(c)])) }
        guard c.isASCII, !c.properties.isAlphabetic, !("0"..."9").contains(c), c.value > 0x20 else { return nil }
        return .scalar(c)
    }

    mutating func parseSet() -> FastRegex.Node? {
        var set = FastRegex.CharSet()
        set.negated = eat("^")
        var first = true
        while i < s.count, s[i] != "]" || first {
            first = false
            var lo: Unicode.Scalar
            if s[i] == "\\" {
                i += 1
                guard let e = parseEscape(inSet: true) else { return nil }
                switch e {
                case .set(let inner): set.classes += inner.classes; continue
                case .scalar(let u): lo = u
                default: return nil
                }
            } else {
                // `[`, `&` and `-` start ICU set operations or nested sets: not in the subset.
                if s[i] == "[" || s[i] == "-" || (s[i] == "&" && i + 1 < s.count && s[i + 1] == "&") { return nil }
                lo = s[i]
                i += 1
            }
            if i + 1 < s.count, s[i] == "-", s[i + 1] != "]" {
                i += 1
                guard s[i] != "\\", s[i] != "[", s[i].value >= lo.value else { return nil }
                set.ranges.append(lo.value...s[i].value)
                i += 1
            } else {
                set.ranges.append(lo.value...lo.value)
            }
        }
        guard eat("]") else { return nil }
        return .set(set)
    }
}

/// `FastRegex.Node` → backtracking program.
private struct Compiler {
    var ops: [FastRegex.Op] = []
    var sets: [FastRegex.CharSet] = []

    mutating func emit(_ op: FastRegex.Op) { ops.append(op) }

    mutating func compile(_ n: FastRegex.Node) -> Bool {
        switch n {
        case .scalar(let u): emit(.scalar(u))
        case .any: emit(.any)
        case .set(let s): sets.append(s); emit(.set(sets.count - 1))
        case .start: emit(.start)
        case .end: emit(.end)
        case .group(let inner, let capture):
            if let k = capture { emit(.save(2 * k)) }
            guard compile(inner) else { return false }
            if let k = capture { emit(.save(2 * k + 1)) }
        case .concat(let parts):
            for p in parts { guard compile(p) else { return false } }
        case .alt(let alts):
            var jumps: [Int] = []
            for (k, a) in alts.enumerated() {
                if k < alts.count - 1 {
                    let split = ops.count
                    emit(.split(split + 1, -1))
                    guard compile(a) else { return false }
                    jumps.append(ops.count)
                    emit(.jump(-1))
                    ops[split] = .split(split + 1, ops.count)
                } else {
                    guard compile(a) else { return false }
                }
            }
            for j in jumps { ops[j] = .jump(ops.count) }
        case .loop(let body, let min, let max, let lazy):
            // A body that can match nothing would loop forever in this simple machine.
            guard !Self.canBeEmpty(body), (max ?? min) >= min, (max ?? min) <= 1000 else { return false }
            for _ in 0..<min { guard compile(body) else { return false } }
            if let max {
                // Each optional copy: try it (or skip it first when lazy).
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(ops.count)
                    emit(.split(-1, -1))
                    guard compile(body) else { return false }
                }
                for s in splits { ops[s] = lazy ? .split(ops.count, s + 1) : .split(s + 1, ops.count) }
            } else {
                let split = ops.count
                emit(.split(-1, -1))
                guard compile(body) else { return false }
                emit(.jump(split))
                ops[split] = lazy ? .split(ops.count, split + 1) : .split(split + 1, ops.count)
            }
        }
        return true
    }

    static func canBeEmpty(_ n: FastRegex.Node) -> Bool {
        switch n {
        case .scalar, .any, .set: return false
        case .start, .end: return true
        case .group(let inner, _): return canBeEmpty(inner)
        case .concat(let parts): return parts.allSatisfy(canBeEmpty)
        case .alt(let alts): return alts.contains(where: canBeEmpty)
        case .loop(let body, let min, _, _): return min == 0 || canBeEmpty(body)
        }
    }
}

/// An ASCII string's UTF-8 bytes seen as scalars: no copy, no decoding.
struct ASCIIScalars: RandomAccessCollection {
    let bytes: UnsafeBufferPointer<UInt8>
    var startIndex: Int { 0 }
    var endIndex: Int { bytes.count }
    subscript(i: Int) -> Unicode.Scalar { Unicode.Scalar(bytes[i]) }
}
