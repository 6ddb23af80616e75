# Model-weight cache for the GPU logo worker: an EFS file system every GPU node mounts through the
# EFS CSI driver, so the SDXL weights (about 19 GB) download once, not on every pod start. The
# Kubernetes StorageClass `brandgen-models` (infrastructure/k8s/apps/logo-worker.yaml) names this
# file system: infrastructure/scripts/deploy-k8s.sh fills in MODEL_CACHE_FILE_SYSTEM_ID from the
# `model_cache_file_system_id` output.
resource "aws_efs_file_system" "model_cache" {
  creation_token   = "${var.name}-model-cache"
  encrypted        = true
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic" # bursts of reads when several GPU pods start together

  tags = merge(var.tags, { Name = "${var.name}-model-cache" })
}

resource "aws_security_group" "model_cache" {
  name_prefix = "${var.name}-model-cache-"
  description = "NFS from the EKS nodes to the model cache."
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "model_cache_nfs" {
  security_group_id            = aws_security_group.model_cache.id
  referenced_security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 2049
  to_port                      = 2049
}

resource "aws_efs_mount_target" "model_cache" {
  for_each        = toset(var.private_subnet_ids)
  file_system_id  = aws_efs_file_system.model_cache.id
  subnet_id       = each.value
  security_groups = [aws_security_group.model_cache.id]
}

# The EFS CSI driver runs with the node role; it creates one access point per volume.
resource "aws_iam_role_policy_attachment" "node_efs" {
  role       = aws_iam_role.node.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"
}

resource "aws_eks_addon" "efs_csi" {
  cluster_name = aws_eks_cluster.this.name
  addon_name   = "aws-efs-csi-driver"
  depends_on   = [aws_eks_node_group.general, aws_iam_role_policy_attachment.node_efs]
}
