#!/usr/bin/env bash
# Rendered with templatefile(): $${...} is a literal shell expansion, ${extensions} is filled in.
set -eu

# The home volume starts empty: give it the image's default dotfiles once.
if [ ! -f "$HOME/.coder-home-initialized" ]; then
  cp -rT /etc/skel "$HOME" || true
  touch "$HOME/.coder-home-initialized"
fi
mkdir -p "$HOME/.local/bin" "$HOME/project"

# code-server lives in /tmp: it is reinstalled on each start instead of filling the home volume.
if [ ! -x /tmp/code-server/bin/code-server ]; then
  curl -fsSL https://code-server.dev/install.sh | sh -s -- --method=standalone --prefix=/tmp/code-server
fi
# shellcheck disable=SC2154 # filled in by templatefile()
for extension in ${extensions}; do
  /tmp/code-server/bin/code-server --install-extension "$extension" >/dev/null 2>&1 || echo "could not install $extension"
done
/tmp/code-server/bin/code-server --auth none --port 13337 --disable-telemetry >/tmp/code-server.log 2>&1 &
