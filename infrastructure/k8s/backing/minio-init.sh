#!/bin/sh
# MinIO set-up, idempotent (compose's minio-init service and the Kubernetes minio-init Job run it):
# the asset bucket, its expiry rule (old kits are deleted), and the least-privilege user the API and
# workers use: read, write and delete objects in this one bucket, list it, nothing else. The root
# account stays with this script and MinIO itself.
# Environment: MINIO_URL MINIO_ROOT_USER MINIO_ROOT_PASSWORD MINIO_APP_USER MINIO_APP_PASSWORD
#              BRANDGEN_BUCKET BRANDGEN_ASSET_EXPIRY_DAYS
set -eu

mc alias set local "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "local/$BRANDGEN_BUCKET"
mc ilm rule ls "local/$BRANDGEN_BUCKET" 2>/dev/null | grep -q Expir ||
    mc ilm rule add --expire-days "$BRANDGEN_ASSET_EXPIRY_DAYS" "local/$BRANDGEN_BUCKET"

policy=$(mktemp)
cat > "$policy" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
     "Resource": ["arn:aws:s3:::$BRANDGEN_BUCKET/*"]},
    {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
     "Resource": ["arn:aws:s3:::$BRANDGEN_BUCKET"]}
  ]
}
EOF
mc admin policy create local brandgen-app "$policy" # replaces the statements when it exists
rm -f "$policy"
mc admin user add local "$MINIO_APP_USER" "$MINIO_APP_PASSWORD" # sets the password again when it exists
mc admin user info local "$MINIO_APP_USER" | grep -q brandgen-app ||
    mc admin policy attach local brandgen-app --user "$MINIO_APP_USER"
echo "bucket $BRANDGEN_BUCKET and user $MINIO_APP_USER ready"
