# Amazon MQ for RabbitMQ: the queue host. Quorum queues, delivery limits and dead-letter exchanges
# work on 3.13. Reached over TLS (amqps://, port 5671) from the cluster only.
resource "aws_security_group" "broker" {
  name_prefix = "${var.name}-broker-"
  description = "Amazon MQ: AMQPS and the management API from the EKS cluster."
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "broker_amqps" {
  security_group_id            = aws_security_group.broker.id
  referenced_security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 5671
  to_port                      = 5671
}

# KEDA reads queue depth (ready + unacknowledged) from the management API over HTTPS.
resource "aws_vpc_security_group_ingress_rule" "broker_management" {
  security_group_id            = aws_security_group.broker.id
  referenced_security_group_id = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
}

resource "aws_mq_broker" "rabbitmq" {
  broker_name                = "${var.name}-rabbitmq"
  engine_type                = "RabbitMQ"
  engine_version             = "3.13"
  auto_minor_version_upgrade = true
  host_instance_type         = var.broker_instance_type
  deployment_mode            = var.broker_deployment_mode
  publicly_accessible        = false
  subnet_ids                 = var.broker_deployment_mode == "SINGLE_INSTANCE" ? [var.private_subnet_ids[0]] : var.private_subnet_ids
  security_groups            = [aws_security_group.broker.id]

  user {
    username = var.broker_username
    password = var.broker_password
  }

  logs {
    general = true
  }
}
