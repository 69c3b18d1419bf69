/// The size of a recurrent model's per-sequence state (Mamba: each layer's convolution window and
/// SSM state), which it keeps in place of keys and values.
public struct RecurrentStateLayout: Sendable, Equatable {
    public let layers: Int
    /// Floats one layer keeps per sequence.
    public let floatsPerLayer: Int

    public init(layers: Int, floatsPerLayer: Int) {
        self.layers = layers
        self.floatsPerLayer = floatsPerLayer
    }
}

/// Per-slot recurrent states, carried by a `KVCache` so that the generator's slot operations
/// (reset, addSlot, release, copyPrefix) work unchanged for state-space models.
///
/// Unlike keys and values, a state summarises every position so far: it can only be taken whole,
/// at the position it was computed to. `KVCache.copyPrefix` therefore accepts a recurrent source
/// only when the prefix is everything the source slot holds, which is how shared prefixes are
/// computed (a prefix slot is sized to exactly its prefix), so prefix sharing stays exact.
final class RecurrentStates {
    let layout: RecurrentStateLayout
    private var slots: [Slot]

    final class Slot {
        /// layers × floatsPerLayer, zero at the start of a sequence.
        let values: UnsafeMutablePointer<Float>
        let count: Int

        init(count: Int) {
            self.count = count
            values = .allocate(capacity: max(1, count))
            values.initialize(repeating: 0, count: max(1, count))
        }

        deinit { values.deallocate() }
    }

    init(layout: RecurrentStateLayout, slotCount: Int) {
        self.layout = layout
        slots = (0..<slotCount).map { _ in Slot(count: 0) }
    }

    private var slotFloats: Int { layout.layers * layout.floatsPerLayer }

    /// The slot's state back to the start of a sequence (zeros), allocated on first use.
    func reset(slot: Int) {
        if slots[slot].count == slotFloats {
            slots[slot].values.update(repeating: 0, count: slotFloats)
        } else {
            slots[slot] = Slot(count: slotFloats)
        }
    }

    func addSlot() { slots.append(Slot(count: 0)) }

    func release(slot: Int) { slots[slot] = Slot(count: 0) }

    /// `target` takes `source`'s whole state.
    func copy(from source: Int, to target: Int) {
        if slots[target].count != slotFloats { slots[target] = Slot(count: slotFloats) }
        slots[target].values.update(from: slots[source].values, count: slotFloats)
    }

    /// One layer's state of one slot: `floatsPerLayer` floats.
    func state(slot: Int, layer: Int) -> UnsafeMutablePointer<Float> {
        slots[slot].values + layer * layout.floatsPerLayer
    }
}
