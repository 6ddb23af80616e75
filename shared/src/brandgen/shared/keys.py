"""Every Redis key the project writes, named in one place under the configured prefix.

The prefix is `BRANDGEN_QUEUE_PREFIX` (settings.queue_prefix, also the RabbitMQ names' prefix), so
two deployments sharing one Redis never read each other's keys, and deleting `<prefix>:*` removes
everything of one deployment (`RedisJobStore.delete_all`). Keys of one job share the hash tag
`{<job id>}`, so a script over a job's keys stays valid on Redis Cluster.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PREFIX = "brandgen"


@dataclass(frozen=True)
class RedisKeys:
    """The key names of one deployment (one prefix)."""

    prefix: str = DEFAULT_PREFIX

    def job(self, job_id: str) -> str:
        """The job's record: a hash with fields `rev`, `json` and `wid` (the last write's token)."""
        return f"{self.prefix}:job:{{{job_id}}}"

    def job_events(self, job_id: str) -> str:
        """The job's event history: a list of event JSON, append only."""
        return f"{self.prefix}:job:{{{job_id}}}:events"

    def job_notify(self, job_id: str) -> str:
        """The pub/sub channel told of each append to the job's history."""
        return f"{self.prefix}:job:{{{job_id}}}:notify"

    def owner_jobs(self, owner: str | None) -> str:
        """An owner's job ids in a sorted set by creation time (`-`: jobs without an owner)."""
        return f"{self.prefix}:owner:{owner or '-'}:jobs"

    def value(self, name: str) -> str:
        """A string in the job store's small key/value room (`JobStore.set_if_absent` and co.)."""
        return f"{self.prefix}:{name}"

    def rate_limit(self, caller: str) -> str:
        """A caller's request counter for the current rate-limit window."""
        return f"{self.prefix}:ratelimit:{caller}"

    @property
    def api_keys_by_hash(self) -> str:
        """API keys: a hash from the key's SHA-256 to its record JSON."""
        return f"{self.prefix}:apikeys"

    @property
    def api_keys_by_id(self) -> str:
        """API keys: a hash from the key's id to its SHA-256 (to revoke by id)."""
        return f"{self.prefix}:apikeys:ids"

    @property
    def webhooks_pending(self) -> str:
        """Jobs whose webhook is not delivered yet: a hash from job id to its signing secret."""
        return f"{self.prefix}:webhooks:pending"

    @property
    def palette_cache(self) -> str:
        """The start of every key of the palette service's shared graph-query cache."""
        return f"{self.prefix}:palette:bkg:"

    @property
    def everything(self) -> str:
        """A SCAN pattern matching every key of this deployment."""
        return f"{self.prefix}:*"


# Names in the job store's key/value room: `JobStore.set_if_absent(name, ...)` puts them under the
# prefix (`RedisKeys.value`).


def idempotency_claim(caller: str, key_digest: str) -> str:
    """A submit's Idempotency-Key claim (the key as its SHA-256), per caller."""
    return f"idem:{caller}:{key_digest}"


def revision_claim(caller: str, parent_id: str, key_digest: str) -> str:
    """A revision request's Idempotency-Key claim, per caller and parent job."""
    return f"idem:{caller}:revision:{parent_id}:{key_digest}"


def webhook_claim(job_id: str) -> str:
    """Taken by the one API replica that delivers the job's webhook."""
    return f"webhook:claim:{job_id}"
