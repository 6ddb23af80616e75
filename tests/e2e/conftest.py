"""The end-to-end suite runs on the session's fleet (tests/conftest.py): separate processes on the
local RabbitMQ, a private Redis, moto S3 and a FalkorDB graph server."""
