output "cluster_name" {
  description = "`aws eks update-kubeconfig --name <this>` to reach the cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  value = aws_eks_cluster.this.endpoint
}

output "asset_bucket" {
  description = "BRANDGEN_STORAGE_URL is s3://<this>; leave BRANDGEN_S3_ENDPOINT_URL empty on AWS."
  value       = aws_s3_bucket.assets.bucket
}

output "broker_amqps_endpoint" {
  description = "Host part of BRANDGEN_BROKER_URL (amqps://user:password@host:5671/)."
  value       = aws_mq_broker.rabbitmq.instances[0].endpoints[0]
}

output "broker_management_url" {
  description = "Host part of RABBITMQ_MANAGEMENT_URL for KEDA (https://user:password@host/)."
  value       = aws_mq_broker.rabbitmq.instances[0].console_url
}

output "node_role_arn" {
  value = aws_iam_role.node.arn
}

output "model_cache_file_system_id" {
  description = "MODEL_CACHE_FILE_SYSTEM_ID for infrastructure/scripts/deploy-k8s.sh (the brandgen-models StorageClass)."
  value       = aws_efs_file_system.model_cache.id
}

output "region" {
  description = "The asset bucket's region (the services ask the bucket, so this is for reference)."
  value       = var.region
}
