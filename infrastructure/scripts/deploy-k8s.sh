#!/usr/bin/env bash
# Deploy Brand Generator to the current kubectl context:
#   export BRANDGEN_HOST=brandgen.example.org   # the public host (TLS); assets.$BRANDGEN_HOST serves downloads
#   export RABBITMQ_PASSWORD=... REDIS_PASSWORD=... NEO4J_PASSWORD=... GRAFANA_ADMIN_PASSWORD=...
#   export ALERTMANAGER_SLACK_URL=https://hooks.slack.com/services/...   # where alerts go (docs/runbooks)
#   export MINIO_ROOT_USER=... MINIO_ROOT_PASSWORD=... MINIO_APP_PASSWORD=...   # in-cluster MinIO
#   infrastructure/scripts/deploy-k8s.sh            # fleet + Prometheus/Alertmanager/Grafana
#   KUSTOMIZE_DIR=infrastructure/k8s infrastructure/scripts/deploy-k8s.sh   # fleet only
# On AWS with infrastructure/terraform/aws, kits go to the Terraform bucket and the services use the
# node role (no S3 keys: keys would override the role):
#   ASSET_STORE=s3 ASSET_BUCKET=$(terraform output -raw asset_bucket) \
#   MODEL_CACHE_FILE_SYSTEM_ID=$(terraform output -raw model_cache_file_system_id) infrastructure/scripts/deploy-k8s.sh
# Optional: RABBITMQ_USER (brandgen), BRANDGEN_BROKER_URL and RABBITMQ_MANAGEMENT_URL (to use an
# external broker such as Amazon MQ), MINIO_APP_USER (brandgen-app), BRANDGEN_LLM_API_KEY.
set -euo pipefail
cd "$(dirname "$0")/../.."

NAMESPACE=brandgen
ASSET_STORE=${ASSET_STORE:-minio}
case "$ASSET_STORE" in
    minio) store_vars=(MINIO_ROOT_USER MINIO_ROOT_PASSWORD MINIO_APP_PASSWORD); default_dir=infrastructure ;;
    s3) store_vars=(ASSET_BUCKET); default_dir=infrastructure/overlays/aws ;;
    *) echo "ASSET_STORE must be minio (in-cluster MinIO) or s3 (the Terraform bucket)" >&2; exit 2 ;;
esac
KUSTOMIZE_DIR=${KUSTOMIZE_DIR:-$default_dir}

for var in BRANDGEN_HOST RABBITMQ_PASSWORD REDIS_PASSWORD NEO4J_PASSWORD GRAFANA_ADMIN_PASSWORD "${store_vars[@]}"; do
    if [ -z "${!var:-}" ]; then echo "set $var" >&2; exit 2; fi
done
RABBITMQ_USER=${RABBITMQ_USER:-brandgen}
BRANDGEN_BROKER_URL=${BRANDGEN_BROKER_URL:-amqp://$RABBITMQ_USER:$RABBITMQ_PASSWORD@rabbitmq:5672/}
RABBITMQ_MANAGEMENT_URL=${RABBITMQ_MANAGEMENT_URL:-http://$RABBITMQ_USER:$RABBITMQ_PASSWORD@rabbitmq:15672/}
MINIO_APP_USER=${MINIO_APP_USER:-brandgen-app}
if [ -z "${ALERTMANAGER_SLACK_URL:-}" ]; then
    echo "ALERTMANAGER_SLACK_URL is not set: alerts will reach no one (docs/runbooks/README.md)" >&2
    ALERTMANAGER_SLACK_URL=http://127.0.0.1:9/alertmanager-receiver-not-configured
fi
if [ -z "${MODEL_CACHE_FILE_SYSTEM_ID:-}" ]; then
    echo "MODEL_CACHE_FILE_SYSTEM_ID is not set: the brandgen-models StorageClass needs an EFS file system" \
        "(terraform output model_cache_file_system_id), or point the model-cache claim at another ReadWriteMany class" >&2
fi

# The services' S3 credentials: their own least-privilege MinIO user (minio-init.sh creates it),
# never the root account; on AWS none at all, so boto3 takes the pod's role.
s3_keys=()
minio_keys=()
if [ "$ASSET_STORE" = minio ]; then
    s3_keys=(--from-literal=AWS_ACCESS_KEY_ID="$MINIO_APP_USER" --from-literal=AWS_SECRET_ACCESS_KEY="$MINIO_APP_PASSWORD")
    minio_keys=(
        --from-literal=MINIO_ROOT_USER="$MINIO_ROOT_USER"
        --from-literal=MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD"
        --from-literal=MINIO_APP_USER="$MINIO_APP_USER"
        --from-literal=MINIO_APP_PASSWORD="$MINIO_APP_PASSWORD"
    )
fi

# KEDA owns the worker replica counts; without its CRDs the ScaledObjects cannot be applied.
if ! kubectl get crd scaledobjects.keda.sh >/dev/null 2>&1; then
    echo "KEDA is not installed: helm install keda kedacore/keda -n keda --create-namespace" >&2
    exit 2
fi

kubectl apply -f infrastructure/k8s/namespace.yaml
# Secrets come from the environment, never from git (keys: infrastructure/k8s/config/secrets.template.yaml).
kubectl -n "$NAMESPACE" create secret generic brandgen-secrets \
    --from-literal=BRANDGEN_BROKER_URL="$BRANDGEN_BROKER_URL" \
    --from-literal=BRANDGEN_STATE_URL="redis://:$REDIS_PASSWORD@redis:6379/0" \
    "${s3_keys[@]}" \
    --from-literal=BRANDGEN_GRAPH_PASSWORD="$NEO4J_PASSWORD" \
    --from-literal=BRANDGEN_LLM_API_KEY="${BRANDGEN_LLM_API_KEY:-}" \
    --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$NAMESPACE" create secret generic brandgen-backing-secrets \
    --from-literal=RABBITMQ_DEFAULT_USER="$RABBITMQ_USER" \
    --from-literal=RABBITMQ_DEFAULT_PASS="$RABBITMQ_PASSWORD" \
    --from-literal=RABBITMQ_MANAGEMENT_URL="$RABBITMQ_MANAGEMENT_URL" \
    --from-literal=REDIS_PASSWORD="$REDIS_PASSWORD" \
    "${minio_keys[@]}" \
    --from-literal=NEO4J_AUTH="neo4j/$NEO4J_PASSWORD" \
    --from-literal=GF_SECURITY_ADMIN_PASSWORD="$GRAFANA_ADMIN_PASSWORD" \
    --dry-run=client -o yaml | kubectl apply -f -

kubectl -n "$NAMESPACE" create secret generic alertmanager-receiver \
    --from-literal=slack-api-url="$ALERTMANAGER_SLACK_URL" \
    --dry-run=client -o yaml | kubectl apply -f -

# One-shot Jobs have immutable pod templates: remove the previous run so this release's runs.
kubectl -n "$NAMESPACE" delete job graph-seed minio-create-bucket --ignore-not-found

# The manifests name brandgen.example.com, the brandgen-assets bucket and an EFS placeholder:
# this installation's values go in their place.
substitutions=(-e "s/brandgen\.example\.com/$BRANDGEN_HOST/g")
if [ -n "${MODEL_CACHE_FILE_SYSTEM_ID:-}" ]; then
    substitutions+=(-e "s/MODEL_CACHE_FILE_SYSTEM_ID/$MODEL_CACHE_FILE_SYSTEM_ID/")
fi
if [ "$ASSET_STORE" = s3 ]; then
    substitutions+=(-e "s#s3://brandgen-assets\$#s3://$ASSET_BUCKET#")
fi
kubectl kustomize "$KUSTOMIZE_DIR" | sed "${substitutions[@]}" | kubectl apply -f -

kubectl -n "$NAMESPACE" rollout status statefulset/rabbitmq --timeout=5m
kubectl -n "$NAMESPACE" rollout status statefulset/redis --timeout=5m
if [ "$ASSET_STORE" = minio ]; then
    kubectl -n "$NAMESPACE" wait --for=condition=complete job/minio-create-bucket --timeout=5m
fi
kubectl -n "$NAMESPACE" wait --for=condition=complete job/graph-seed --timeout=10m
for deployment in api-service palette-service rationale-service pdf-service; do
    kubectl -n "$NAMESPACE" rollout status "deployment/$deployment" --timeout=10m
done
# The GPU worker may wait for a GPU node (and, scaled to zero, may have no pods at all).
kubectl -n "$NAMESPACE" rollout status deployment/logo-gen-service --timeout=20m ||
    echo "logo-gen-service is not ready yet (GPU node pending?); jobs wait in brandgen.logo until it is" >&2
echo "deployed; run infrastructure/scripts/smoke-test.sh k8s to check a kit end to end"
