#!/usr/bin/env bash
# Go Fiber: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

goroot="$HOME/.local/go"
if ! "$goroot/bin/go" version 2>/dev/null | grep -q "go$GO_VERSION "; then
  echo "Installing Go $GO_VERSION"
  rm -rf "$goroot" && mkdir -p "$goroot"
  go_arch=amd64
  [ "$(uname -m)" = aarch64 ] && go_arch=arm64
  curl -fsSL "https://go.dev/dl/go$GO_VERSION.linux-$go_arch.tar.gz" | tar -xzf - -C "$goroot" --strip-components=1
fi
export PATH="$goroot/bin:$HOME/go/bin:$PATH"
grep -q 'coder-go' "$HOME/.bashrc" 2>/dev/null || echo 'export PATH="$HOME/.local/go/bin:$HOME/go/bin:$PATH" # coder-go' >>"$HOME/.bashrc"
for tool in golang.org/x/tools/gopls github.com/go-delve/delve/cmd/dlv github.com/air-verse/air; do
  go install "$tool@latest"
done

cd "$HOME/project"
if [ ! -f go.mod ]; then
  go mod init example.com/project
  cat >main.go <<'GO'
package main

import "github.com/gofiber/fiber/v2"

func main() {
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("Hello from Fiber") })
	_ = app.Listen(":3000")
}
GO
  go get github.com/gofiber/fiber/v2 && go mod tidy
  git init -q
fi
nohup air >/tmp/fiber.log 2>&1 &
echo "Go Fiber ready (port 3000)"
