#!/usr/bin/env bash
# Jupyter + Python: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

command -v uv >/dev/null 2>&1 ||
  curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="$HOME/.local/bin" UV_NO_MODIFY_PATH=1 sh
notebooks="$HOME/.venvs/notebooks"
[ -x "$notebooks/bin/python" ] || uv venv --python "$PYTHON_VERSION" "$notebooks"
packages="jupyterlab ipywidgets pandas numpy scipy scikit-learn matplotlib seaborn polars"
case "$ML_FRAMEWORK" in
  torch) packages="$packages torch --extra-index-url https://download.pytorch.org/whl/cpu" ;;
  tensorflow) packages="$packages tensorflow-cpu" ;;
esac
# shellcheck disable=SC2086 # the package list is meant to split into words
uv pip install --python "$notebooks/bin/python" $packages
grep -q 'venvs/notebooks' "$HOME/.bashrc" 2>/dev/null || echo '. "$HOME/.venvs/notebooks/bin/activate"' >>"$HOME/.bashrc"

nohup "$notebooks/bin/jupyter" lab --no-browser --ip=0.0.0.0 --port=8888 --ServerApp.token= --ServerApp.password= \
  --ServerApp.root_dir="$HOME/project" --ServerApp.allow_remote_access=True >/tmp/jupyterlab.log 2>&1 &
echo "Jupyter + Python ready (port 8888)"
