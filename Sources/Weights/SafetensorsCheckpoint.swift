import Foundation

/// The weights of a Hugging Face model folder: `model.safetensors`, or the shards listed in
/// `model.safetensors.index.json` (`weight_map`: tensor name → shard file). Every listed shard
/// must exist and hold the tensors the index assigns to it.
public final class SafetensorsCheckpoint: Sendable {
    public static let singleFileName = "model.safetensors"
    public static let indexFileName = "model.safetensors.index.json"

    public let path: String
    /// The file whose bytes identify the weights: the index when sharded, else the single file.
    public let identityFile: String
    public let shards: [SafetensorsFile]
    private let owner: [String: Int]

    public init(folder: String) throws {
        path = folder
        let manager = FileManager.default
        let index = (folder as NSString).appendingPathComponent(Self.indexFileName)
        let single = (folder as NSString).appendingPathComponent(Self.singleFileName)
        if manager.fileExists(atPath: index) {
            identityFile = index
            let weightMap = try Self.weightMap(index)
            let shardNames = Set(weightMap.values).sorted()
            var shards: [SafetensorsFile] = []
            var position: [String: Int] = [:]
            for name in shardNames {
                let shardPath = (folder as NSString).appendingPathComponent(name)
                guard manager.fileExists(atPath: shardPath) else {
                    throw WeightsError(file: index, "shard '\(name)' is listed in weight_map but missing from the folder")
                }
                position[name] = shards.count
                shards.append(try SafetensorsFile(path: shardPath))
            }
            var owner: [String: Int] = [:]
            for (tensor, shardName) in weightMap {
                guard let shard = position[shardName] else { continue }
                guard shards[shard].tensors[tensor] != nil else {
                    throw WeightsError(file: shards[shard].path, "tensor '\(tensor)' is assigned to this shard by \(Self.indexFileName) but not in it")
                }
                owner[tensor] = shard
            }
            self.shards = shards
            self.owner = owner
        } else if manager.fileExists(atPath: single) {
            identityFile = single
            let file = try SafetensorsFile(path: single)
            shards = [file]
            owner = Dictionary(uniqueKeysWithValues: file.tensors.keys.map { ($0, 0) })
        } else {
            throw WeightsError(file: folder, "no \(Self.singleFileName) or \(Self.indexFileName) in the folder")
        }
    }

    private static func weightMap(_ index: String) throws -> [String: String] {
        let data = try FileContents.read(index)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw WeightsError(file: index, "not a JSON object")
        }
        guard let map = object["weight_map"] as? [String: Any] else {
            throw WeightsError(file: index, "missing key 'weight_map' (tensor name → shard file)")
        }
        var result: [String: String] = [:]
        for (tensor, shard) in map {
            guard let name = shard as? String, !name.isEmpty, !name.contains("/") else {
                throw WeightsError(file: index, "weight_map['\(tensor)'] must be a shard file name in the same folder")
            }
            result[tensor] = name
        }
        return result
    }

    /// Every tensor name, sorted.
    public var tensorNames: [String] { owner.keys.sorted() }
}

extension SafetensorsCheckpoint: TensorSource {
    public func shape(of name: String) -> [Int]? {
        owner[name].flatMap { shards[$0].tensors[name]?.shape }
    }

    public func floats(_ name: String) throws -> [Float] {
        guard let shard = owner[name] else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        return try shards[shard].floats(name)
    }

    /// The stored bytes of an F32, F16 or BF16 tensor, from the shard the index assigns it to.
    public func stored(_ name: String) throws -> StoredTensor {
        guard let shard = owner[name] else { throw WeightsError(file: path, "missing tensor '\(name)'") }
        return try shards[shard].stored(name)
    }
}
