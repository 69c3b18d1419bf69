#!/usr/bin/env bash
# Nucleus and llama.cpp side by side on one GGUF with the same work: B sequences of PP prompt tokens,
# TG new tokens each (EOS ignored), T threads. Prints prefill, decode and end-to-end tok/s and the
# ratios nucleus / llama.cpp. Nucleus computes full per-token statistics; llama-batched-bench computes
# logits only (no sampling, no statistics), so its rates bound what a statistics pipeline can reach.
#
#   scripts/bench_peers.sh [--model GGUF] [--nucleus-model PATH] [--threads T] [--batch B]
#                          [--prompt-tokens PP] [--new-tokens TG] [--warm-up-tokens N] [--compute f32|bf16]
#
# Defaults: W1's model (models/SmolLM2-135M-Instruct.Q4_1.gguf), every core, B 32, PP 32, TG 100.
# W8: --model /work/w8/model-bf16.gguf (bench/make_random_checkpoint.py --gguf) --batch 4 --new-tokens 8;
# --nucleus-model runs Nucleus on another copy of the same weights (the W8 Hugging Face folder);
# --warm-up-tokens 0 skips Nucleus's untimed warm-up batch (at 8B it costs as much as the timed work;
# first-touch page faults then count in its prefill; llama.cpp warms up with one token); --compute bf16
# runs Nucleus as transformers runs a bf16 model (README "bf16 compute"), beside llama.cpp on a bf16 GGUF.
#
# llama-batched-bench is built once from the llama.cpp inside the llama-cpp-python sdist that
# scripts/setup.sh caches (cmake from Debian, installed by name when missing and running as root),
# into $NUCLEUS_CACHE/llama.cpp-<version>/build; later runs reuse it. NUCLEUS_BIN overrides the
# nucleus binary (default: a release build of this checkout, built when missing).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NUCLEUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nucleus}"
version="0.3.36"
sdist="$cache/llama_cpp_python-$version.tar.gz"

model="$repo/models/SmolLM2-135M-Instruct.Q4_1.gguf"
nucleus_model=""
threads="$(nproc)"
batch=32
prompt_tokens=32
new_tokens=100
warm_up=4
compute=f32
while [ $# -gt 0 ]; do
    case "$1" in
        --model) model="$2"; shift 2 ;;
        --nucleus-model) nucleus_model="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --prompt-tokens) prompt_tokens="$2"; shift 2 ;;
        --new-tokens) new_tokens="$2"; shift 2 ;;
        --warm-up-tokens) warm_up="$2"; shift 2 ;;
        --compute) compute="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_peers: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
nucleus_model="${nucleus_model:-$model}"
[ -f "$model" ] || { echo "bench_peers: no GGUF at $model (scripts/setup.sh downloads W1's)" >&2; exit 1; }

# --- llama-batched-bench, built once ---------------------------------------------------------
src="$cache/llama.cpp-$version"
peer="$src/build/bin/llama-batched-bench"
if [ ! -x "$peer" ]; then
    [ -s "$sdist" ] || { echo "bench_peers: $sdist is missing; run scripts/setup.sh first" >&2; exit 1; }
    if ! command -v cmake >/dev/null; then
        if [ "$(id -u)" = 0 ]; then
            echo "bench_peers: installing cmake from Debian"
            apt-get install -y cmake >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y cmake >/dev/null; }
        else
            echo "bench_peers: cmake is needed to build llama.cpp (sudo apt-get install cmake)" >&2; exit 1
        fi
    fi
    echo "bench_peers: building llama-batched-bench from $sdist (a few minutes, once)"
    rm -rf "$src" && mkdir -p "$src"
    tar -xzf "$sdist" -C "$src" --strip-components=3 "llama_cpp_python-$version/vendor/llama.cpp"
    # Native CPU build (AVX-512/AVX2 as this machine has), no network code, only the one tool.
    cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
        -DBUILD_SHARED_LIBS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF \
        -DLLAMA_BUILD_TOOLS=ON >"$src/cmake.log" 2>&1 || { tail -20 "$src/cmake.log" >&2; exit 1; }
    cmake --build "$src/build" --target llama-batched-bench -j "$(nproc)" >>"$src/cmake.log" 2>&1 \
        || { tail -20 "$src/cmake.log" >&2; exit 1; }
fi

# --- nucleus, release build --------------------------------------------------------------------
nucleus="${NUCLEUS_BIN:-}"
if [ -z "$nucleus" ]; then
    bin="$(cd "$repo" && swift build -c release --show-bin-path)"
    [ -x "$bin/nucleus" ] || (cd "$repo" && swift build -c release --product nucleus >/dev/null)
    nucleus="$bin/nucleus"
fi

# The raw outputs stay (nucleus.json, llama.jsonl, llama.log) for the record.
out="$(mktemp -d "${TMPDIR:-/tmp}/bench_peers.XXXXXX")"
echo "bench_peers: $batch sequences × $prompt_tokens prompt tokens × $new_tokens new tokens, $threads threads, nucleus compute $compute"

# Same work for both: one batch of B prompts, every one PP tokens, TG new tokens, EOS ignored.
"$nucleus" bench --model "$nucleus_model" --prompts "$repo/bench/prompts-64.jsonl" --prompt-count "$batch" \
    --prompt-tokens "$prompt_tokens" --max-new-tokens "$new_tokens" --ignore-eos --batch-size "$batch" \
    --threads "$threads" --warm-up-tokens "$warm_up" --compute "$compute" --json >"$out/nucleus.json"
# -c: room for every sequence's prompt and new tokens (prompts not shared); -b: the whole prefill as one batch.
"$peer" -m "$model" -c $((batch * (prompt_tokens + new_tokens))) -b 2048 -ub 512 -t "$threads" -tb "$threads" \
    -npp "$prompt_tokens" -ntg "$new_tokens" -npl "$batch" --output-format jsonl >"$out/llama.jsonl" 2>"$out/llama.log" \
    || { tail -20 "$out/llama.log" >&2; exit 1; }

python3 - "$out/nucleus.json" "$out/llama.jsonl" "$model" <<'EOF'
import json, sys
n = json.load(open(sys.argv[1]))
rows = [json.loads(l) for l in open(sys.argv[2]) if l.lstrip().startswith("{")]
if not rows:
    sys.exit("bench_peers: llama-batched-bench printed no JSONL row")
l = rows[-1]
# llama-batched-bench's S t/s counts prompt and generated tokens over the total time; the end-to-end
# figure here is generated tokens / total time on both sides.
peer = {"prefill": l["speed_pp"], "decode": l["speed_tg"], "end to end": l["pl"] * l["tg"] / l["t"]}
ours = {"prefill": n["prefill"]["tok_per_s"], "decode": n["decode"]["tok_per_s"], "end to end": n["end_to_end"]["tok_per_s"]}
print(f"model: {sys.argv[3]}")
print(f"{'tok/s':<22}{'nucleus':>12}{'llama.cpp':>12}{'ratio':>9}")
for key in ("prefill", "decode", "end to end"):
    ratio = ours[key] / peer[key] if peer[key] else float("nan")
    print(f"{key:<22}{ours[key]:>12.1f}{peer[key]:>12.1f}{ratio:>8.2f}×")
print(f"nucleus: full statistics, {n['end_to_end']['gflop_per_s']:.1f} GFLOP/s end to end, peak RSS "
      + (f"{n['peak_rss_bytes'] / 1e9:.2f} GB" if n["peak_rss_bytes"] else "unknown")
      + f"; llama.cpp: logits only (n_kv {l['n_kv']}, {l['n_threads']} threads)")
print(f"nucleus CPU utilisation {100 * n['cpu_utilisation']:.0f}% of {n['threads']} threads × wall time"
      + (" (the machine was busy: wall-clock rates understate both)" if n["cpu_utilisation"] < 0.8 else ""))
EOF
echo "bench_peers: raw outputs in $out"
