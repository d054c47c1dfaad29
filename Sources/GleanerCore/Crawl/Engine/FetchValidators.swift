import GleanerFetch

/// The fetch stage's validators; the store has a type of the same name, and the fetch module's
/// `GleanerFetch` enum hides the module name, so this file (importing only the fetch stage) names it.
typealias FetchValidators = Validators
