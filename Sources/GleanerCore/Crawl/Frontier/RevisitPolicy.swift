import Foundation

/// When a page that was already fetched is fetched again: at each of `ages` after it was first
/// seen (default +1 h and +24 h, to catch the corrections news sites make after publishing),
/// then never.
public struct RevisitPolicy: Sendable, Equatable {
    public var ages: [TimeInterval]

    public init(ages: [TimeInterval]) { self.ages = ages.sorted() }

    public static let `default` = RevisitPolicy(ages: [3600, 86_400])

    /// Due when the latest age already reached has not been covered by a fetch since.
    public func isDue(firstSeen: Date, lastFetched: Date, now: Date) -> Bool {
        guard let age = ages.last(where: { firstSeen.addingTimeInterval($0) <= now }) else { return false }
        return lastFetched < firstSeen.addingTimeInterval(age)
    }
}
