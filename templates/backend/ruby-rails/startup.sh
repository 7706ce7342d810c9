#!/usr/bin/env bash
# Ruby on Rails: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

[ -d "$HOME/.rbenv" ] || git clone --depth 1 https://github.com/rbenv/rbenv.git "$HOME/.rbenv"
[ -d "$HOME/.rbenv/plugins/ruby-build" ] ||
  git clone --depth 1 https://github.com/rbenv/ruby-build.git "$HOME/.rbenv/plugins/ruby-build"
export PATH="$HOME/.rbenv/bin:$HOME/.rbenv/shims:$PATH"
grep -q 'rbenv init' "$HOME/.bashrc" 2>/dev/null || echo 'eval "$("$HOME/.rbenv/bin/rbenv" init - bash)"' >>"$HOME/.bashrc"
rbenv install --skip-existing "$RUBY_VERSION"
rbenv global "$RUBY_VERSION"
gem install --conservative bundler
gem install --conservative rails --version "~> $RAILS_VERSION.0"

cd "$HOME/project"
if [ ! -f Gemfile ]; then
  rails new . --database=sqlite3 --skip-git --force
  git init -q
fi
bundle install
bin/rails db:prepare
nohup bin/rails server --binding 0.0.0.0 --port 3000 >/tmp/rails.log 2>&1 &
echo "Ruby on Rails ready (port 3000)"
