#!/usr/bin/env bash
# Deploy Brand Generator to the current kubectl context:
#   export RABBITMQ_PASSWORD=... MINIO_ROOT_USER=... MINIO_ROOT_PASSWORD=... NEO4J_PASSWORD=... GRAFANA_ADMIN_PASSWORD=...
#   infrastructure/scripts/deploy-k8s.sh            # fleet + Prometheus/Grafana
#   KUSTOMIZE_DIR=infrastructure/k8s infrastructure/scripts/deploy-k8s.sh   # fleet only
# Optional: RABBITMQ_USER (brandgen), BRANDGEN_BROKER_URL and RABBITMQ_MANAGEMENT_URL (to use an
# external broker such as Amazon MQ), AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (default: the MinIO
# root user), BRANDGEN_LLM_API_KEY.
set -euo pipefail
cd "$(dirname "$0")/../.."

NAMESPACE=brandgen
KUSTOMIZE_DIR=${KUSTOMIZE_DIR:-infrastructure}

for var in RABBITMQ_PASSWORD MINIO_ROOT_USER MINIO_ROOT_PASSWORD NEO4J_PASSWORD GRAFANA_ADMIN_PASSWORD; do
    if [ -z "${!var:-}" ]; then echo "set $var" >&2; exit 2; fi
done
RABBITMQ_USER=${RABBITMQ_USER:-brandgen}
BRANDGEN_BROKER_URL=${BRANDGEN_BROKER_URL:-amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@rabbitmq:5672/}
RABBITMQ_MANAGEMENT_URL=${RABBITMQ_MANAGEMENT_URL:-http://$RABBITMQ_USER:$RABBITMQ_PASSWORD@rabbitmq:15672/}
AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-$MINIO_ROOT_USER}
AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-$MINIO_ROOT_PASSWORD}

# KEDA owns the worker replica counts; without its CRDs the ScaledObjects cannot be applied.
if ! kubectl get crd scaledobjects.keda.sh >/dev/null 2>&1; then
    echo "KEDA is not installed: helm install keda kedacore/keda -n keda --create-namespace" >&2
    exit 2
fi

kubectl apply -f infrastructure/k8s/namespace.yaml
# Secrets come from the environment, never from git (keys: infrastructure/k8s/config/secrets.template.yaml).
kubectl -n "$NAMESPACE" create secret generic brandgen-secrets \
    --from-literal=BRANDGEN_BROKER_URL="$BRANDGEN_BROKER_URL" \
    --from-literal=AWS_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" \
    --from-literal=AWS_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
    --from-literal=BRANDGEN_NEO4J_PASSWORD="$NEO4J_PASSWORD" \
    --from-literal=BRANDGEN_LLM_API_KEY="${BRANDGEN_LLM_API_KEY:-}" \
    --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$NAMESPACE" create secret generic brandgen-backing-secrets \
    --from-literal=RABBITMQ_DEFAULT_USER="$RABBITMQ_USER" \
    --from-literal=RABBITMQ_DEFAULT_PASS="$RABBITMQ_PASSWORD" \
    --from-literal=RABBITMQ_MANAGEMENT_URL="$RABBITMQ_MANAGEMENT_URL" \
    --from-literal=MINIO_ROOT_USER="$MINIO_ROOT_USER" \
    --from-literal=MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" \
    --from-literal=NEO4J_AUTH="neo4j/$NEO4J_PASSWORD" \
    --from-literal=GF_SECURITY_ADMIN_PASSWORD="$GRAFANA_ADMIN_PASSWORD" \
    --dry-run=client -o yaml | kubectl apply -f -

# One-shot Jobs have immutable pod templates: remove the previous run so this release's runs.
kubectl -n "$NAMESPACE" delete job graph-seed minio-create-bucket --ignore-not-found

kubectl apply -k "$KUSTOMIZE_DIR"

kubectl -n "$NAMESPACE" rollout status statefulset/rabbitmq --timeout=5m
kubectl -n "$NAMESPACE" rollout status statefulset/redis --timeout=5m
kubectl -n "$NAMESPACE" wait --for=condition=complete job/graph-seed --timeout=10m
for deployment in api-service palette-service rationale-service pdf-service; do
    kubectl -n "$NAMESPACE" rollout status "deployment/$deployment" --timeout=10m
done
# The GPU worker may wait for a GPU node (and, scaled to zero, may have no pods at all).
kubectl -n "$NAMESPACE" rollout status deployment/logo-gen-service --timeout=20m ||
    echo "logo-gen-service is not ready yet (GPU node pending?); jobs wait in brandgen.logo until it is" >&2
echo "deployed; run infrastructure/scripts/smoke-test.sh k8s to check a kit end to end"
