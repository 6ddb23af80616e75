#!/usr/bin/env bash
# Start the local RabbitMQ and Redis the tests talk to, unless they already answer.
set -euo pipefail
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
if ! rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    rabbitmq-server -detached || true
fi
for _ in $(seq 1 60); do
    if rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1 && redis-cli ping >/dev/null 2>&1; then
        exit 0
    fi
    sleep 1
done
echo "RabbitMQ or Redis did not come up" >&2
exit 1
