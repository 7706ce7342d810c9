#!/usr/bin/env bash
# Example post-setup hook. To activate it, copy it to hooks/post-setup.sh and adapt it.
#
# The setup runs hooks/post-setup.sh (when present) after both phases and the health checks, with:
#   ENVIRONMENT   dev | staging | prod
#   TEMPLATE      the template chosen with --template, empty when the environment's list is used
#   PROJECT_ROOT  root of this repository
#   KUBECONFIG    the environment's kubeconfig
#   CODER_URL     the public URL of the new Coder deployment
# Everything printed goes to the run's log, so never print secrets here.
set -euo pipefail

: "${ENVIRONMENT:?ENVIRONMENT must be set}"
: "${CODER_URL:?CODER_URL must be set}"
TEMPLATE="${TEMPLATE:-}"

echo "post-setup: environment=$ENVIRONMENT coder=$CODER_URL"

# Coder answers from outside the cluster, through the load balancer.
if command -v curl >/dev/null 2>&1; then
  healthy=0
  for attempt in 1 2 3 4 5 6; do
    if curl -fsS -m 10 "$CODER_URL/healthz" >/dev/null; then
      healthy=1
      break
    fi
    echo "post-setup: $CODER_URL/healthz not answering yet (attempt $attempt)"
    sleep 10
  done
  if [ "$healthy" -ne 1 ]; then
    echo "post-setup: Coder is not reachable at $CODER_URL" >&2
    exit 1
  fi
  version="$(curl -fsS -m 10 "$CODER_URL/api/v2/buildinfo" | sed -n 's/.*"version":"\([^"]*\)".*/\1/p')"
  echo "post-setup: Coder ${version:-<unknown version>} is healthy"
fi

# A look at the cluster for the run's log, when kubectl and the kubeconfig are there.
if [ -n "${KUBECONFIG:-}" ] && [ -f "$KUBECONFIG" ] && command -v kubectl >/dev/null 2>&1; then
  kubectl get nodes -o wide || true
  kubectl -n coder get deployments,pods,services,pvc || true
fi

# Optional team notification; the webhook URL is itself a secret and is not printed.
if [ -n "${SLACK_WEBHOOK_URL:-}" ] && command -v curl >/dev/null 2>&1; then
  payload="$(printf '{"text":"Coder for *%s* is ready at %s%s"}' \
    "$ENVIRONMENT" "$CODER_URL" "${TEMPLATE:+ (template $TEMPLATE pushed)}")"
  curl -fsS -m 10 -X POST -H 'Content-Type: application/json' --data "$payload" "$SLACK_WEBHOOK_URL" >/dev/null \
    || echo "post-setup: warning: Slack notification failed" >&2
fi

echo "post-setup: done"
