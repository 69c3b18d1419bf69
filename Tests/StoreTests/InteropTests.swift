import Foundation
import Testing
@testable import Store

/// Files must open in h5py and h5dump (DESIGN §5), and files h5py writes in the schema must read.
/// These tests are skipped, visibly, only when the tool is not installed.
@Suite struct InteropTests {
    /// Checks a Swift-written realistic record from Python, including the documented checksum.
    private static let checkScript = #"""
import sys, json, math
import h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
a = f.attrs
assert a["schema_version"] == 1 and a["complete"] == 1, "header"
assert a["unit_id"] == "u-3f9a2c" and a["attempt"] == 2 and a["seed"] == 0xDEADBEEFCAFEF00D, "ids"
assert json.loads(a["model"])["sha256"] == "ab" * 32 and a["model_name"] == "smollm2-135m", "model"
assert json.loads(a["analysis"])["top_k"] == 20, "analysis"
p, t = f["prompts"], f["tokens"]
assert a["n_prompts"] == 3 and a["n_tokens"] == 7, "counts"
assert list(p["row"][:]) == [40, 41, 42], "rows"
assert p["prompt_text"].asstr()[2] == "Écris « bonjour » 🌍 — 日本語\ttab\nnewline", "utf8"
assert p["prompt_text"].asstr()[1] == "" and list(p["n_generated"][:]) == [4, 0, 3], "empty prompt"
assert list(p["token_offset"][:]) == [0, 4, 4, 7], "offsets"
assert t["token_id"].dtype == np.int32 and list(t["token_id"][:3]) == [1000, 1037, 1074], "token ids"
assert t["topk_ids"].shape == (7, 20) and t["topk_logprobs"].dtype == np.float32, "top-k shape"
assert t["topk_logprobs"][0, 19] == -np.inf and abs(t["topk_logprobs"][0, 1] - np.float32(-0.1)) == 0, "top-k values"
assert math.isnan(t["nucleus_cosine"][0]) and t["nucleus_cosine"][1] == 0.125, "cosine"
assert t["entropy"][2] == 0.1 + 0.37 * 2 and t["entropy"].attrs["units"] == "nats", "entropy"
assert t["entropy"].compression == "gzip" and t["entropy"].shuffle, "compression"
h = 0xcbf29ce484222325
for byte in t["token_id"][:].astype("<i4").tobytes() + p["token_offset"][:].astype("<i8").tobytes():
    h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
assert h == a["token_checksum"], "checksum"
print("OK")
"""#

    /// Writes a one-prompt schema v1 file the way a Python tool would, with h5py's defaults.
    private static let writeScript = #"""
import sys, json
import h5py, numpy as np
h = 0xcbf29ce484222325
ids = np.array([5, 6], dtype="<i4"); off = np.array([0, 2], dtype="<i8")
for byte in ids.tobytes() + off.tobytes():
    h = ((h ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
with h5py.File(sys.argv[1], "w") as f:
    model = {"name": "m", "path": "/m.gguf", "architecture": "llama", "sha256": "00"}
    for k, v in dict(nucleus_version="py", job_name="j", job_hash="h", unit_id="u", model=json.dumps(model),
                     dataset="d", technique="t", generation="{}", analysis="{}", host="laptop",
                     started="s", finished="e").items():
        f.attrs[k] = v
    for k, v in dict(schema_version=1, complete=1, attempt=1, sample=0, rank=0, n_prompts=1, n_tokens=2, top_k=1).items():
        f.attrs[k] = np.int64(v)
    f.attrs["seed"] = np.uint64(7); f.attrs["token_checksum"] = np.uint64(h)
    p = f.create_group("prompts"); s = h5py.string_dtype()
    p["row"] = np.array([9], "i8"); p["n_prompt_tokens"] = np.array([3], "i8"); p["n_generated"] = np.array([2], "i8")
    p["token_offset"] = off
    for k, v in dict(prompt_text="naïve", reference="r", completion_text="ok", finish_reason="eos").items():
        p.create_dataset(k, data=[v], dtype=s)
    t = f.create_group("tokens")
    t["token_id"] = ids; t["rank"] = np.array([1, 2], "i4"); t["nucleus_size"] = np.array([1, 3], "i4")
    for k in ["logprob", "entropy", "varentropy", "nucleus_mass", "nucleus_entropy", "nucleus_cosine_weighted"]:
        t[k] = np.array([-0.5, 0.25])
    t["nucleus_cosine"] = np.array([np.nan, 0.5])
    t.create_dataset("topk_ids", data=np.array([[5], [7]], "i4"), compression="gzip", shuffle=True)
    t["topk_logprobs"] = np.array([[-0.5], [-0.75]], "f4")
"""#

    @Test(.enabled(if: ExternalTool.hasH5py, "no Python with h5py: run scripts/setup.sh (.venv)"))
    func h5pyReadsWhatSwiftWrites() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u-3f9a2c.attempt-2.h5")
        var record = SampleRecords.realistic()
        record.header.attempt = 2
        try UnitFileWriter().write(record, to: url)

        let result = try ExternalTool.run([ExternalTool.python, "-c", Self.checkScript, url.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output == "OK\n")
    }

    @Test(.enabled(if: ExternalTool.hasH5py, "no Python with h5py: run scripts/setup.sh (.venv)"))
    func swiftReadsWhatH5pyWrites() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        let result = try ExternalTool.run([ExternalTool.python, "-c", Self.writeScript, url.path])
        try #require(result.status == 0, "\(result.output)")

        let record = try UnitFileReader.read(url)
        #expect(record.header.host == "laptop")
        #expect(record.header.seed == 7)
        #expect(record.header.model.path == "/m.gguf")
        #expect(record.prompts == [PromptRecord(row: 9, promptText: "naïve", reference: "r", completionText: "ok",
                                                finishReason: "eos", promptTokenCount: 3, generatedCount: 2)])
        #expect(record.tokens.tokenID == [5, 6])
        #expect(record.tokens.nucleusSize == [1, 3])
        #expect(record.tokens.nucleusCosine[0].isNaN && record.tokens.nucleusCosine[1] == 0.5)
        #expect(record.tokens.topkIDs == [5, 7])
        #expect(record.tokens.topkLogprobs == [-0.5, -0.75])
    }

    @Test(.enabled(if: ExternalTool.hasH5dump, "h5dump (hdf5-tools) is not installed"))
    func h5dumpListsTheSchema() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("u.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.realistic(), to: url)
        let empty = folder.file("empty.attempt-1.h5")
        try UnitFileWriter().write(SampleRecords.zeroPrompts(), to: empty)

        let header = try ExternalTool.run(["h5dump", "-H", url.path])
        #expect(header.status == 0, "\(header.output)")
        for name in ["GROUP \"prompts\"", "GROUP \"tokens\"", "DATASET \"topk_logprobs\"", "ATTRIBUTE \"token_checksum\"",
                     "DATASPACE  SIMPLE { ( 7, 20 ) / ( 7, 20 ) }", "H5T_STRING"] {
            #expect(header.output.contains(name), "h5dump -H lacks \(name)")
        }
        let full = try ExternalTool.run(["h5dump", empty.path])
        #expect(full.status == 0, "\(full.output)")
        #expect(full.output.contains("DATASPACE  SIMPLE { ( 0, 20 ) / ( 0, 20 ) }"))
    }
}
