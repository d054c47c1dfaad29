import GleanerModel
import Synchronization

/// Records written so far by type, added to by a run's commit tasks and read by its progress
/// line while they run.
final class RecordTally: Sendable {
    private let counts = Mutex<[RecordType: Int]>([:])

    func add(_ delta: [RecordType: Int]) {
        counts.withLock { for (type, n) in delta { $0[type, default: 0] += n } }
    }

    var snapshot: [RecordType: Int] { counts.withLock { $0 } }
}
