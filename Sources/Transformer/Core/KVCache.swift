/// Keys and values of every layer for a set of sequence slots.
///
/// Layout per slot and layer: [kvHeads × capacity × headSize], each KV head's positions contiguous
/// (`headSize` floats apart), so attention streams one head's keys and values as one run. A slot is
/// sized once (prompt length + new tokens) so decoding never reallocates. Slots can be added
/// (the generator keeps shared prompt prefixes in extra slots) and emptied to free their memory.
public final class KVCache {
    public let layers: Int
    public let kvHeads: Int
    public let headSize: Int
    /// Floats per position and layer, over all KV heads.
    public var kvDim: Int { kvHeads * headSize }
    private var slots: [Slot]
    /// A recurrent model's per-slot states (nil for attention models); every slot operation keeps them in step.
    let recurrent: RecurrentStates?

    final class Slot {
        /// Positions the slot may hold: what `reset` asked for (the memory may be larger, see `reset`).
        var capacity: Int
        /// Positions the memory has room for.
        let allocated: Int
        var length = 0
        /// keys[layer] and values[layer]: allocated × kvDim floats.
        let keys: [UnsafeMutablePointer<Float>]
        let values: [UnsafeMutablePointer<Float>]

        init(layers: Int, capacity: Int, kvDim: Int) {
            self.capacity = capacity
            allocated = capacity
            keys = (0..<layers).map { _ in .allocate(capacity: max(1, capacity * kvDim)) }
            values = (0..<layers).map { _ in .allocate(capacity: max(1, capacity * kvDim)) }
        }

        deinit {
            keys.forEach { $0.deallocate() }
            values.forEach { $0.deallocate() }
        }
    }

    /// - Parameter recurrent: the per-sequence state of a recurrent model (Mamba), kept per slot beside the (then empty) keys and values.
    public init(layers: Int, kvHeads: Int, headSize: Int, slotCount: Int, recurrent: RecurrentStateLayout? = nil) {
        self.layers = layers
        self.kvHeads = kvHeads
        self.headSize = headSize
        let kvDim = kvHeads * headSize
        slots = (0..<slotCount).map { _ in Slot(layers: layers, capacity: 0, kvDim: kvDim) }
        self.recurrent = recurrent.map { RecurrentStates(layout: $0, slotCount: slotCount) }
    }

    /// The recurrent state layout this cache carries, nil for an attention-only cache.
    public var recurrentLayout: RecurrentStateLayout? { recurrent?.layout }

    public var slotCount: Int { slots.count }

    /// Empties a slot and gives it room for `capacity` positions. Memory already there is reused when
    /// it is large enough (a refilled batch slot then costs no new pages); the slot still refuses
    /// more than `capacity` positions.
    public func reset(slot: Int, capacity: Int) {
        if slots[slot].allocated >= capacity, slots[slot].allocated <= 2 * max(capacity, 1) {
            slots[slot].capacity = capacity
            slots[slot].length = 0
        } else {
            slots[slot] = Slot(layers: layers, capacity: capacity, kvDim: kvDim)
        }
        recurrent?.reset(slot: slot)
    }

    /// Adds an empty slot of no capacity; returns its index.
    public func addSlot() -> Int {
        slots.append(Slot(layers: layers, capacity: 0, kvDim: kvDim))
        recurrent?.addSlot()
        return slots.count - 1
    }

    /// Empties a slot and frees its memory.
    public func release(slot: Int) {
        slots[slot] = Slot(layers: layers, capacity: 0, kvDim: kvDim)
        recurrent?.release(slot: slot)
    }

    /// Makes `target` hold the first `count` positions of `source` (every layer's keys and values),
    /// as if they had been computed there: positions continue from `count`. Keys are stored after
    /// RoPE at their absolute positions, so a copied prefix is exactly the prefix computed in place.
    /// A recurrent state holds all of its slot's positions at once, so it is copied only whole
    /// (`count` equal to what the source holds), which is what shared prefixes copy.
    public func copyPrefix(from source: Int, to target: Int, count: Int) throws {
        let from = slots[source], to = slots[target]
        guard count <= from.length, count <= to.capacity else {
            throw ModelError(file: "KV cache", "cannot copy \(count) positions from slot \(source) (holds \(from.length)) into slot \(target) (capacity \(to.capacity))")
        }
        if let recurrent {
            guard count == from.length else {
                throw ModelError(file: "KV cache", "cannot copy \(count) of the \(from.length) positions of slot \(source): a recurrent state is copied whole")
            }
            recurrent.copy(from: source, to: target)
        }
        for layer in 0..<layers {
            for head in 0..<kvHeads {
                keys(slot: target, layer: layer, head: head)
                    .update(from: keys(slot: source, layer: layer, head: head), count: count * headSize)
                values(slot: target, layer: layer, head: head)
                    .update(from: values(slot: source, layer: layer, head: head), count: count * headSize)
            }
        }
        to.length = count
    }

    /// Positions already stored in a slot (the next token's position).
    public func length(slot: Int) -> Int { slots[slot].length }

    public func capacity(slot: Int) -> Int { slots[slot].capacity }

    /// KV head `head`'s keys in a slot and layer: one row of `headSize` floats per position.
    func keys(slot: Int, layer: Int, head: Int) -> UnsafeMutablePointer<Float> {
        slots[slot].keys[layer] + head * slots[slot].allocated * headSize
    }

    /// KV head `head`'s values in a slot and layer, laid out as its keys.
    func values(slot: Int, layer: Int, head: Int) -> UnsafeMutablePointer<Float> {
        slots[slot].values[layer] + head * slots[slot].allocated * headSize
    }

    func advance(slot: Int, by count: Int) { slots[slot].length += count }
}
