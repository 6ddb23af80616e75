variable "name" {
  description = "Prefix for every resource (cluster, bucket, broker)."
  type        = string
  default     = "brandgen"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "tags" {
  description = "Extra tags on every resource."
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "VPC for the cluster and the broker (bring your own; e.g. terraform-aws-modules/vpc)."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (at least two availability zones) for nodes and the broker."
  type        = list(string)
}

variable "kubernetes_version" {
  description = "EKS control plane version."
  type        = string
  default     = "1.31"
}

variable "cpu_instance_types" {
  description = "Instance types of the general pool (API, CPU workers, monitoring)."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "cpu_min_size" {
  type    = number
  default = 2
}

variable "cpu_max_size" {
  type    = number
  default = 10
}

variable "gpu_instance_types" {
  description = "Instance types of the GPU pool for the SDXL logo worker (several types improve spot availability)."
  type        = list(string)
  default     = ["g5.xlarge", "g6.xlarge"]
}

variable "gpu_capacity_type" {
  description = "SPOT (cheaper, may be reclaimed; the worker finishes or requeues its job) or ON_DEMAND."
  type        = string
  default     = "SPOT"

  validation {
    condition     = contains(["SPOT", "ON_DEMAND"], var.gpu_capacity_type)
    error_message = "gpu_capacity_type must be SPOT or ON_DEMAND."
  }
}

variable "gpu_min_size" {
  description = "0 lets the pool empty when KEDA scales the logo worker to zero (needs cluster-autoscaler or Karpenter)."
  type        = number
  default     = 0
}

variable "gpu_max_size" {
  type    = number
  default = 4
}

variable "asset_expiry_days" {
  description = "Generated brand kits are deleted from the bucket after this many days."
  type        = number
  default     = 30
}

variable "broker_instance_type" {
  description = "Amazon MQ host instance type."
  type        = string
  default     = "mq.m5.large"
}

variable "broker_deployment_mode" {
  description = "SINGLE_INSTANCE (cheaper) or CLUSTER_MULTI_AZ (three nodes; quorum queues replicate)."
  type        = string
  default     = "CLUSTER_MULTI_AZ"
}

variable "broker_username" {
  type    = string
  default = "brandgen"
}

variable "broker_password" {
  description = "Amazon MQ password (12+ characters). Pass with TF_VAR_broker_password; never commit it."
  type        = string
  sensitive   = true
}
