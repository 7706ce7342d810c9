#!/usr/bin/env bash
# Claude Code Flow Enterprise: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

export PATH="$HOME/.local/go/bin:$PATH"
[ -x "$HOME/.local/bin/uv" ] || curl -LsSf https://astral.sh/uv/install.sh | env UV_INSTALL_DIR="$HOME/.local/bin" UV_NO_MODIFY_PATH=1 sh
if ! go version 2>/dev/null | grep -q "go$GO_VERSION "; then
  rm -rf "$HOME/.local/go" && mkdir -p "$HOME/.local/go"
  curl -fsSL "https://go.dev/dl/go$GO_VERSION.linux-$(uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/').tar.gz" |
    tar -xzf - -C "$HOME/.local/go" --strip-components=1
fi

npm install --global @anthropic-ai/claude-code claude-flow@alpha
# The policy is the organisation's: it replaces the user's settings on every start. No credential in it.
install -D -m 0644 /dev/stdin "$HOME/.claude/settings.json" <<<"$CLAUDE_MANAGED_POLICY"
if ! claude mcp get claude-flow >/dev/null 2>&1; then
  claude mcp add claude-flow -- npx claude-flow@alpha mcp start || echo "register the MCP server later with: claude mcp add claude-flow"
fi

cd "$HOME/project" && { [ -d .git ] || git init -q; }
if [ ! -d .hive-mind ] && [ "$FLOW_MODE" = hive-mind ]; then
  claude-flow hive-mind init || echo "hive-mind init failed; rerun it after logging in"
fi
[ -d .claude-flow ] || claude-flow init --force || true
nohup claude-flow start --ui --port 3000 >/tmp/claude-flow.log 2>&1 &
echo "Claude Code Flow Enterprise ready (ports 3000, 8080)"
