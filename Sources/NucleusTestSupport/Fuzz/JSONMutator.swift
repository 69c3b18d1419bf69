import Foundation

/// Mutations of a JSON document for the fuzz tests: values replaced by hostile ones (negative,
/// zero, huge, wrong types, null), keys removed, containers emptied or swapped — at the keys a
/// decoder reads (`keys`) or anywhere — and, on the text, truncation and byte damage.
public struct JSONMutator {
    /// Key names the parser reads; mutations favour them.
    public var keys: Set<String>

    public init(keys: Set<String>) { self.keys = keys }

    /// Values no count, flag or name should accept silently.
    public static var hostileValues: [Any] { [
        -1, 0, 1, 2, 3, 7, -2_147_483_648, 2_147_483_647, 2_147_483_648, 4_294_967_296, 1_000_000_000_000,
        Int64.max, Int64.min, 1e308, -1e308, 0.5, -0.5, 1.5, 1e-300, "", "x", "silu", "llama3", "linear", "-1",
        true, false, NSNull(), [Any](), [1, 2], ["full_attention"], [String: Any](), ["rope_type": "yarn"],
    ] }

    /// One document, mutated one to three times; the result may not be valid JSON.
    public func mutate(_ document: Any, _ random: inout FuzzRandom) -> Data {
        var value = document
        for _ in 0..<(1 + random.below(3)) {
            if random.chance(85) {
                value = mutateValue(value, &random, depth: 0)
            }
        }
        guard var data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return Data() }
        if random.chance(15) { data = Data(ByteMutation.mutate(Array(data), &random)) }
        return data
    }

    /// A random value somewhere in the tree (a read key preferred) replaced, removed or restructured.
    public func mutateValue(_ value: Any, _ random: inout FuzzRandom, depth: Int) -> Any {
        if var object = value as? [String: Any], !object.isEmpty {
            let read = object.keys.filter(keys.contains)
            let key = (!read.isEmpty && random.chance(80)) ? random.pick(read.sorted()) : random.pick(object.keys.sorted())
            let child = object[key]!
            let descend = (child is [String: Any] || child is [Any]) && random.chance(60)
            switch descend ? 3 : random.below(10) {
            case 0: object[key] = nil
            case 1: object[random.pick(keys.sorted() + ["unknown_key"])] = random.pick(Self.hostileValues)
            case 2: return random.chance(50) ? [Any](object.values) : object.count
            case 3: object[key] = mutateValue(child, &random, depth: depth + 1)
            default: object[key] = replacement(for: child, &random)
            }
            return object
        }
        if var array = value as? [Any], !array.isEmpty {
            let index = random.below(array.count)
            switch random.below(6) {
            case 0: array.remove(at: index)
            case 1: array.append(random.pick(Self.hostileValues))
            case 2: array = Array(array.prefix(index))
            case 3: array.swapAt(index, random.below(array.count))
            default: array[index] = mutateValue(array[index], &random, depth: depth + 1)
            }
            return array
        }
        return replacement(for: value, &random)
    }

    /// A hostile value, or a near miss of `original` (±1, doubled, negated, another type).
    func replacement(for original: Any, _ random: inout FuzzRandom) -> Any {
        if let number = original as? NSNumber, random.chance(40) {
            let value = number.doubleValue
            return random.pick([value + 1, value - 1, value * 2, -value, value / 2, value * 1e9, (value / 3).rounded(.down)])
        }
        if let text = original as? String, random.chance(30) {
            return random.pick([String(text.dropLast()), text + text, text.uppercased(), String(text.reversed())])
        }
        return random.pick(Self.hostileValues)
    }
}
