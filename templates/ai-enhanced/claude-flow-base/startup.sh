#!/usr/bin/env bash
# Claude Code Flow Base: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

command -v uv >/dev/null 2>&1 ||
  curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="$HOME/.local/bin" UV_NO_MODIFY_PATH=1 sh

npm install --global @anthropic-ai/claude-code claude-flow@alpha

# Hooks and permissions only; the key stays with the user (claude login or ANTHROPIC_API_KEY).
mkdir -p "$HOME/.claude"
[ -f "$HOME/.claude/settings.json" ] || printf '%s\n' "$CLAUDE_SETTINGS" >"$HOME/.claude/settings.json"
claude mcp list 2>/dev/null | grep -q '^claude-flow' || claude mcp add claude-flow -- npx claude-flow@alpha mcp start || true

cd "$HOME/project"
[ -d .claude-flow ] || { claude-flow init --force || echo "claude-flow init failed; run it again after logging in"; }
[ -d .git ] || git init -q
nohup claude-flow start --ui --port 3000 >/tmp/claude-flow.log 2>&1 &
echo "Claude Code Flow Base ready (port 3000)"
