#!/usr/bin/env bash
# React Native: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
(set -o pipefail) 2>/dev/null && set -o pipefail
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

if ! command -v fnm >/dev/null 2>&1; then
  curl -fsSL https://fnm.vercel.app/install | bash -s -- --install-dir "$HOME/.local/share/fnm" --skip-shell
fi
export PATH="$HOME/.local/share/fnm:$PATH"
fnm install "$NODE_VERSION" && fnm default "$NODE_VERSION"
eval "$(fnm env --shell bash)"

cd "$HOME/project"
if [ ! -f app.json ]; then
  npx --yes create-expo-app@latest . --yes
  npx expo install react-dom react-native-web @expo/metro-runtime
  [ -d .git ] || git init -q
fi
npm install
nohup npx expo start --web --port 8081 >/tmp/expo.log 2>&1 &
echo "React Native ready (port 8081)"
