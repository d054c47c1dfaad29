/// The kinds of record gleaner emits; each has its own output directory `out/<type>/`.
public enum RecordType: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case article
    case weather
    case teaser

    public var description: String { rawValue }
}
