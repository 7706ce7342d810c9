#!/usr/bin/env bash
# PHP Symfony: the stack, installed into the home volume on every start (each step skips
# what a previous start left there). The shared module runs it after its startup-preamble.sh
# (~/.local/bin on the PATH, ~/project created) and brings code-server and the dotfiles.
set -eu

bin="$HOME/.local/bin"
php_arch=x86_64
[ "$(uname -m)" = aarch64 ] && php_arch=aarch64
if ! command -v php >/dev/null 2>&1; then
  echo "Installing a static PHP build"
  curl -fsSL "https://dl.static-php.dev/static-php-cli/common/php-8.3-cli-linux-$php_arch.tar.gz" | tar -xzf - -C "$bin"
fi
command -v composer >/dev/null 2>&1 || curl -fsSL https://getcomposer.org/installer | php -- --install-dir="$bin" --filename=composer
command -v symfony >/dev/null 2>&1 || curl -sS https://get.symfony.com/cli/installer | bash -s -- --install-dir="$bin"

cd "$HOME/project"
if [ ! -f composer.json ]; then
  symfony new . --version="$SYMFONY_VERSION" --webapp --no-git
  git init -q
fi
composer install --no-interaction
symfony server:start --no-tls --port=8000 --allow-all-ip --daemon
echo "PHP Symfony ready (port 8000)"
