/// A binary min-heap over a caller-given strict order. Value type: lives as a local inside one call.
struct MinHeap<Element> {
    private var storage: [Element] = []
    private let precedes: (Element, Element) -> Bool

    init(reservingCapacity capacity: Int = 0, precedes: @escaping (Element, Element) -> Bool) {
        self.precedes = precedes
        storage.reserveCapacity(capacity)
    }

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }

    mutating func push(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(storage[child], storage[parent]) else { break }
            storage.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the element that precedes all others, or nil when empty.
    mutating func pop() -> Element? {
        guard let top = storage.first else { return nil }
        let last = storage.removeLast()
        guard !storage.isEmpty else { return top }
        storage[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < storage.count else { break }
            let right = left + 1
            var smallest = left
            if right < storage.count, precedes(storage[right], storage[left]) { smallest = right }
            guard precedes(storage[smallest], storage[parent]) else { break }
            storage.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
