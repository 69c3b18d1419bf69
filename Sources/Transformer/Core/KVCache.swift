/// Keys and values of every layer for a set of sequence slots.
///
/// Layout per slot and layer: [capacity × kvDim] row-major, one row per position. A slot is
/// sized once (prompt length + new tokens) so decoding never reallocates.
public final class KVCache {
    public let layers: Int
    public let kvDim: Int
    private var slots: [Slot]

    final class Slot {
        let capacity: Int
        var length = 0
        /// keys[layer] and values[layer]: capacity × kvDim floats.
        let keys: [UnsafeMutablePointer<Float>]
        let values: [UnsafeMutablePointer<Float>]

        init(layers: Int, capacity: Int, kvDim: Int) {
            self.capacity = capacity
            keys = (0..<layers).map { _ in .allocate(capacity: max(1, capacity * kvDim)) }
            values = (0..<layers).map { _ in .allocate(capacity: max(1, capacity * kvDim)) }
        }

        deinit {
            keys.forEach { $0.deallocate() }
            values.forEach { $0.deallocate() }
        }
    }

    public init(layers: Int, kvDim: Int, slotCount: Int) {
        self.layers = layers
        self.kvDim = kvDim
        slots = (0..<slotCount).map { _ in Slot(layers: layers, capacity: 0, kvDim: kvDim) }
    }

    public var slotCount: Int { slots.count }

    /// Empties a slot and gives it room for `capacity` positions.
    public func reset(slot: Int, capacity: Int) {
        slots[slot] = Slot(layers: layers, capacity: capacity, kvDim: kvDim)
    }

    /// Positions already stored in a slot (the next token's position).
    public func length(slot: Int) -> Int { slots[slot].length }

    public func capacity(slot: Int) -> Int { slots[slot].capacity }

    func keys(slot: Int, layer: Int) -> UnsafeMutablePointer<Float> { slots[slot].keys[layer] }
    func values(slot: Int, layer: Int) -> UnsafeMutablePointer<Float> { slots[slot].values[layer] }

    func advance(slot: Int, by count: Int) { slots[slot].length += count }
}
