/// Chooses the unit an idle worker gets next. Deterministic: it depends only on the unit order
/// and on which models each worker holds, never on timing within one decision.
///
/// For an idle worker, in order of preference:
/// 1. the first pending unit whose model the worker holds (no reload);
/// 2. the first pending unit whose model no worker holds (spreads models over workers);
/// 3. the first pending unit (a worker never idles while work is pending).
/// "First" is the order of the unit list given to the coordinator.
struct AssignmentPolicy {
    private let assignments: [UnitAssignment]
    /// Pending unit indices per model, sorted descending so the first pending unit is `last`.
    private var pendingByModel: [String: [Int]] = [:]
    /// Models each live worker holds or is about to load.
    private var holdings: [Int: Set<String>] = [:]

    init(assignments: [UnitAssignment]) {
        self.assignments = assignments
        for index in assignments.indices.reversed() {
            pendingByModel[assignments[index].unit.cell.model, default: []].append(index)
        }
    }

    var pendingCount: Int { pendingByModel.values.reduce(0) { $0 + $1.count } }

    /// Pending unit indices in unit order.
    var pendingIndices: [Int] { pendingByModel.values.flatMap { $0 }.sorted() }

    mutating func workerJoined(rank: Int, models: [String]) {
        holdings[rank] = Set(models)
    }

    mutating func workerLeft(rank: Int) {
        holdings[rank] = nil
    }

    /// A worker reported what it holds after loading a model.
    mutating func workerHolds(rank: Int, models: [String]) {
        guard holdings[rank] != nil else { return }
        holdings[rank] = Set(models)
    }

    /// Takes the unit `rank` should run next, or nil when nothing is pending.
    mutating func take(for rank: Int) -> Int? {
        let held = holdings[rank] ?? []
        let heldByAnyone = holdings.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        let choice = firstPending(among: held)
            ?? firstPending(where: { !heldByAnyone.contains($0) })
            ?? firstPending(where: { _ in true })
        guard let choice else { return nil }
        pendingByModel[choice.model]?.removeLast()
        if pendingByModel[choice.model]?.isEmpty == true { pendingByModel[choice.model] = nil }
        if holdings[rank] != nil { holdings[rank]?.insert(choice.model) }
        return choice.index
    }

    /// Puts an abandoned unit back in its place in unit order.
    mutating func requeue(index: Int) {
        let model = assignments[index].unit.cell.model
        var queue = pendingByModel[model] ?? []
        let position = queue.firstIndex(where: { $0 < index }) ?? queue.count
        queue.insert(index, at: position)
        pendingByModel[model] = queue
    }

    private func firstPending(among models: Set<String>) -> (model: String, index: Int)? {
        firstPending(where: { models.contains($0) })
    }

    private func firstPending(where accepts: (String) -> Bool) -> (model: String, index: Int)? {
        var best: (model: String, index: Int)?
        for (model, queue) in pendingByModel where accepts(model) {
            guard let front = queue.last else { continue }
            if let current = best, current.index < front { continue }
            best = (model, front)
        }
        return best
    }
}
