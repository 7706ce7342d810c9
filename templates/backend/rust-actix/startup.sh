#!/usr/bin/env bash
# Rust Actix Web: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

if [ ! -x "$HOME/.cargo/bin/rustup" ]; then
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --no-modify-path --default-toolchain none
fi
export PATH="$HOME/.cargo/bin:$PATH"
rustup toolchain install "$RUST_TOOLCHAIN" --profile minimal --component clippy,rustfmt,rust-analyzer
rustup default "$RUST_TOOLCHAIN"
command -v cargo-watch >/dev/null 2>&1 || cargo install --locked cargo-watch
grep -q '.cargo/env' "$HOME/.bashrc" 2>/dev/null || echo '. "$HOME/.cargo/env"' >>"$HOME/.bashrc"

cd "$HOME/project"
if [ ! -f Cargo.toml ]; then
  cargo init --name project --vcs git .
  cargo add actix-web@4
  cat >src/main.rs <<'RUST'
use actix_web::{get, App, HttpServer, Responder};

#[get("/")]
async fn index() -> impl Responder {
    "Hello from Actix Web"
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().service(index)).bind(("0.0.0.0", 8080))?.run().await
}
RUST
fi
nohup cargo watch -x run >/tmp/actix.log 2>&1 &
echo "Rust Actix Web ready (port 8080)"
