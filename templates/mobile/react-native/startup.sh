#!/usr/bin/env bash
# React Native: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). code-server and the dotfiles come from the shared module.
set -eu
export PATH="$HOME/.local/bin:$PATH"
mkdir -p "$HOME/.local/bin" "$HOME/project"

cd "$HOME/project"
if [ ! -f app.json ]; then
  npx --yes create-expo-app@latest . --yes
  npx expo install react-dom react-native-web @expo/metro-runtime
  [ -d .git ] || git init -q
fi
npm install
nohup npx expo start --web --port 8081 >/tmp/expo.log 2>&1 &
echo "React Native ready (port 8081)"
