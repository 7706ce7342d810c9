#!/usr/bin/env bash
# The first lines of every workspace's startup script, before the Node.js lines (for a Node.js
# stack) and the template's startup.sh, which run in the same shell.
set -eu
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"
