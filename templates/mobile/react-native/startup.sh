#!/usr/bin/env bash
# React Native: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

cd "$HOME/project"
if [ ! -f app.json ]; then
  npx --yes create-expo-app@latest . --yes
  npx expo install react-dom react-native-web @expo/metro-runtime
  [ -d .git ] || git init -q
fi
npm install
nohup npx expo start --web --port 8081 >/tmp/expo.log 2>&1 &
echo "React Native ready (port 8081)"
