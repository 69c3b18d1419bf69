import Foundation

/// Messages a worker sends to the coordinator.
public enum WorkerMessage: Sendable, Equatable {
    case ready(WorkerReady)
    case modelLoaded(ModelLoadReport)
    case unitDone(UnitReport)
    /// The worker received this unit but stopped (graceful stop) before starting it.
    case abandoned(unitID: String)

    public var tag: MessageTag {
        switch self {
        case .ready: .ready
        case .modelLoaded: .modelLoaded
        case .unitDone: .unitDone
        case .abandoned: .abandoned
        }
    }

    /// The JSON payload; the kind travels in the tag.
    public func encodedPayload() throws -> [UInt8] {
        switch self {
        case .ready(let body): try WireCoding.encode(body, tag: tag)
        case .modelLoaded(let body): try WireCoding.encode(body, tag: tag)
        case .unitDone(let body): try WireCoding.encode(body, tag: tag)
        case .abandoned(let unitID): try WireCoding.encode(AbandonedPayload(unitID: unitID), tag: tag)
        }
    }

    /// Decodes a payload received with `tag`.
    public static func decode(tag rawTag: Int32, payload: [UInt8]) throws -> WorkerMessage {
        switch MessageTag(rawValue: rawTag) {
        case .ready: .ready(try WireCoding.decode(WorkerReady.self, payload, tag: .ready))
        case .modelLoaded: .modelLoaded(try WireCoding.decode(ModelLoadReport.self, payload, tag: .modelLoaded))
        case .unitDone: .unitDone(try WireCoding.decode(UnitReport.self, payload, tag: .unitDone))
        case .abandoned: .abandoned(unitID: try WireCoding.decode(AbandonedPayload.self, payload, tag: .abandoned).unitID)
        case .assign, .stop, nil: throw MessageError.unexpectedTag(rawTag, expecting: "a worker message")
        }
    }
}

/// Messages the coordinator sends to a worker.
public enum CoordinatorMessage: Sendable, Equatable {
    case assign(UnitAssignment)
    case stop

    public var tag: MessageTag {
        switch self {
        case .assign: .assign
        case .stop: .stop
        }
    }

    public func encodedPayload() throws -> [UInt8] {
        switch self {
        case .assign(let body): try WireCoding.encode(body, tag: tag)
        case .stop: try WireCoding.encode(EmptyBody(), tag: tag)
        }
    }

    public static func decode(tag rawTag: Int32, payload: [UInt8]) throws -> CoordinatorMessage {
        switch MessageTag(rawValue: rawTag) {
        case .assign:
            return .assign(try WireCoding.decode(UnitAssignment.self, payload, tag: .assign))
        case .stop:
            _ = try WireCoding.decode(EmptyBody.self, payload, tag: .stop)
            return .stop
        case .ready, .modelLoaded, .unitDone, .abandoned, nil:
            throw MessageError.unexpectedTag(rawTag, expecting: "a coordinator message")
        }
    }
}

/// A message that could not be encoded or decoded.
public enum MessageError: Error, CustomStringConvertible, Equatable {
    case unexpectedTag(Int32, expecting: String)
    case malformed(MessageTag, reason: String)
    case unencodable(MessageTag, reason: String)

    public var description: String {
        switch self {
        case .unexpectedTag(let tag, let expecting):
            "scheduling message: tag \(tag) is not \(expecting)"
        case .malformed(let tag, let reason):
            "scheduling message: malformed \(tag) payload: \(reason)"
        case .unencodable(let tag, let reason):
            "scheduling message: cannot encode \(tag) payload: \(reason)"
        }
    }
}

private struct AbandonedPayload: Codable {
    var unitID: String
}

private struct EmptyBody: Codable {}

private enum WireCoding {
    static func encode<Body: Encodable>(_ body: Body, tag: MessageTag) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            return Array(try encoder.encode(body))
        } catch {
            throw MessageError.unencodable(tag, reason: "\(error)")
        }
    }

    static func decode<Body: Decodable>(_ type: Body.Type, _ payload: [UInt8], tag: MessageTag) throws -> Body {
        do {
            return try JSONDecoder().decode(type, from: Data(payload))
        } catch {
            throw MessageError.malformed(tag, reason: "\(error)")
        }
    }
}
