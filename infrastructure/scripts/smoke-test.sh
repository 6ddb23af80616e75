#!/usr/bin/env bash
# Run one brand kit end to end against a running deployment.
#   infrastructure/scripts/smoke-test.sh compose   # docker compose stack, through nginx on :8080
#   infrastructure/scripts/smoke-test.sh k8s       # Kubernetes, through a port-forward to the API
# Creates a throwaway API key inside the API container (`brandgen keys create`).
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:-compose}

case "$target" in
    compose)
        compose=(docker compose)
        command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1 && compose=(docker-compose)
        key=$("${compose[@]}" exec -T api-service brandgen keys create --name smoke-test | awk 'found { print; exit } /keep it safe:/ { found = 1 }')
        base_url=${BRANDGEN_URL:-http://localhost:${BRANDGEN_HTTP_PORT:-8080}}
        ;;
    k8s)
        key=$(kubectl -n brandgen exec deploy/api-service -- brandgen keys create --name smoke-test | awk 'found { print; exit } /keep it safe:/ { found = 1 }')
        kubectl -n brandgen port-forward svc/api-service 18080:80 >/dev/null &
        forward=$!
        trap 'kill "$forward"' EXIT
        sleep 3
        base_url=http://localhost:18080
        ;;
    *)
        echo "usage: $0 compose|k8s" >&2
        exit 2
        ;;
esac

python3 infrastructure/scripts/smoke_test.py --base-url "$base_url" --api-key "$key" --timeout "${SMOKE_TIMEOUT:-600}"
