import Foundation

/// Whether a state database and an output directory belong together. The database's random
/// store id is written into the output directory (`OutputMarker`); at start the two are compared
/// before anything is recovered or written. A pure decision: the facts come in, what to do comes
/// out (`OutputPipeline.pair(newGeneration:)` gathers the facts and acts).
public enum StatePairing {
    public struct Facts: Sendable, Hashable {
        /// The database's id.
        public var storeID: String
        /// This open gave the database its id (a new database, or one from before store ids).
        public var storeIDAssigned: Bool
        /// The database remembers no URL, record or output file.
        public var storeIsEmpty: Bool
        /// The output directory's marker, if it has one.
        public var marker: OutputMarker?
        /// Output files (`*.jsonl`, `*.jsonl.gz`, `*.jsonl.open`) in the output directory.
        public var outputFiles: Int
        /// The operator asked for a new generation (`gleaner once --new-generation`).
        public var newGeneration: Bool

        public init(storeID: String, storeIDAssigned: Bool, storeIsEmpty: Bool, marker: OutputMarker?, outputFiles: Int,
                    newGeneration: Bool) {
            self.storeID = storeID
            self.storeIDAssigned = storeIDAssigned
            self.storeIsEmpty = storeIsEmpty
            self.marker = marker
            self.outputFiles = outputFiles
            self.newGeneration = newGeneration
        }
    }

    public enum Refusal: Sendable, Hashable {
        /// The database is new or empty, but the output holds records it never saw.
        case stateIsNew
        /// The output was written through another database (the marker names it).
        case otherStore
        /// The output holds files but no marker, and the database already had an id: the marker
        /// was removed, or this is another installation's output.
        case unmarkedOutput
    }

    public enum Decision: Sendable, Hashable {
        /// The marker names this database: go on.
        case paired
        /// First use of the directory (or of a database from before markers): write the marker.
        case writeMarker
        /// Deliberately start over: salvage the old generation's open files, write a new marker.
        case newGeneration
        case refuse(Refusal)
    }

    public static func decide(_ f: Facts) -> Decision {
        if let marker = f.marker {
            if marker.storeID == f.storeID { return .paired }
            if f.newGeneration { return .newGeneration }
            return .refuse(f.storeIsEmpty ? .stateIsNew : .otherStore)
        }
        if f.outputFiles == 0 { return .writeMarker }
        // A database that had history before store ids existed adopts the output it wrote.
        if f.storeIDAssigned && !f.storeIsEmpty { return .writeMarker }
        if f.newGeneration { return .newGeneration }
        return .refuse(f.storeIsEmpty ? .stateIsNew : .unmarkedOutput)
    }
}

/// `<output_dir>/.gleaner-state`: which state database writes this directory, and the output
/// generation (raised each time the operator starts over without the old state). Hidden, so a
/// consumer's glob for `*.jsonl` never sees it.
public struct OutputMarker: Codable, Sendable, Hashable {
    public static let fileName = ".gleaner-state"

    public var storeID: String
    public var generation: Int
    /// The database's path when the marker was written (for messages; the id decides).
    public var stateDatabase: String
    public var pairedAt: String

    enum CodingKeys: String, CodingKey {
        case storeID = "store_id"
        case generation
        case stateDatabase = "state_database"
        case pairedAt = "paired_at"
    }

    public init(storeID: String, generation: Int, stateDatabase: String, pairedAt: String) {
        self.storeID = storeID
        self.generation = generation
        self.stateDatabase = stateDatabase
        self.pairedAt = pairedAt
    }
}
