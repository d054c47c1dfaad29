/// One station of a site's weather widget on one date.
public struct WeatherObservation: Sendable, Hashable {
    /// `YYYY-MM-DD` as the site dates its widget.
    public var date: String
    public var location: String
    /// As the site writes it, e.g. `구름많음`.
    public var condition: String
    /// Normalised, e.g. `mostly_cloudy`; nil when the parser's table has no entry.
    public var conditionCode: String?
    public var temperatureC: Double?
    /// Who the site credits, e.g. `기상청`.
    public var provider: String?

    public init(
        date: String, location: String, condition: String, conditionCode: String? = nil,
        temperatureC: Double? = nil, provider: String? = nil
    ) {
        self.date = date
        self.location = location
        self.condition = condition
        self.conditionCode = conditionCode
        self.temperatureC = temperatureC
        self.provider = provider
    }

    public static let fieldNames = ["date", "location", "condition", "condition_code", "temperature_c", "provider"]

    func writeFields(to o: inout JSONObjectWriter) {
        o.field("date", date)
        o.field("location", location)
        o.field("condition", condition)
        o.field("condition_code", conditionCode)
        o.field("temperature_c", temperatureC)
        o.field("provider", provider)
    }
}
