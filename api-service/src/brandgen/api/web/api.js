// Talking to the JSON API: the stored API key, JSON requests, the events stream and file downloads.

const KEY_STORAGE = "brandgen.apiKey";
const TERMINAL_EVENTS = new Set(["job_succeeded", "job_failed", "job_canceled"]);

export function storedApiKey() {
  return localStorage.getItem(KEY_STORAGE) || "";
}

export function storeApiKey(key) {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

export class ApiError extends Error {
  constructor(status, code, message, field = null, retryAfter = null, problems = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
    // A validation_error names every failing field: one ApiError each, so the form marks them all.
    this.problems = problems.map((problem) => new ApiError(status, code, problem.message, problem.field || null));
  }
}

function headers(extra = {}) {
  const sent = { Accept: "application/json", ...extra };
  const key = storedApiKey();
  if (key) sent["X-API-Key"] = key;
  return sent;
}

const NETWORK_ERROR = "The server could not be reached. Check that it is running and try again.";

async function errorFrom(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): fall back to the status below
  }
  const error = body && body.error;
  return new ApiError(
    response.status,
    (error && error.code) || "http_error",
    (error && error.message) || `The server answered with status ${response.status}.`,
    (error && error.field) || null,
    response.headers.get("Retry-After"),
    (error && Array.isArray(error.problems) && error.problems) || [],
  );
}

export async function request(method, path, body = undefined) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network_error", NETWORK_ERROR);
  }
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

function parseEventBlock(block) {
  const event = { kind: "message", id: null, data: "" };
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue; // comments are the server's keep-alive pings
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (name === "event") event.kind = value;
    else if (name === "id") event.id = value;
    else if (name === "data") event.data += (event.data ? "\n" : "") + value;
  }
  return event.data ? event : null;
}

// Follows GET /v1/jobs/{id}/events until the job's final event. EventSource cannot send the
// X-API-Key header, so this reads the stream with fetch. A stream that ends cleanly before the
// final event is resumed with Last-Event-ID, as the API documents; a stream that fails (network
// error, 5xx, a proxy cutting it) throws at once, so the caller can poll instead of freezing.
export async function followEvents(jobId, onEvent, signal) {
  let lastId = null;
  let emptyReconnects = 0;
  for (;;) {
    const sent = headers({ Accept: "text/event-stream" });
    if (lastId !== null) sent["Last-Event-ID"] = lastId;
    let finished = false;
    let received = 0;
    try {
      const response = await fetch(`/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers: sent, signal });
      if (!response.ok) throw await errorFrom(response);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = (buffer + value).replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = parseEventBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!event) continue;
          if (event.id !== null) lastId = event.id;
          received += 1;
          onEvent(event.kind, JSON.parse(event.data));
          if (TERMINAL_EVENTS.has(event.kind)) finished = true;
        }
      }
    } catch (error) {
      if (signal && signal.aborted) throw new DOMException("aborted", "AbortError");
      throw error instanceof ApiError ? error : new ApiError(0, "network_error", NETWORK_ERROR);
    }
    if (finished) return;
    // A clean end without news, again and again, is a stream that does not work here either.
    emptyReconnects = received ? 0 : emptyReconnects + 1;
    if (emptyReconnects > 3) throw new ApiError(0, "stream_ended", "the event stream keeps closing");
    await new Promise((resolve) => setTimeout(resolve, 300 * emptyReconnects));
  }
}

// Whether this server asks for an API key: GET /v1/jobs without one answers 200 when auth is off
// (`brandgen serve --embedded`) and 401 when it is on.
export async function serverNeedsKey() {
  try {
    const response = await fetch("/v1/jobs?limit=1", { headers: { Accept: "application/json" } });
    return response.status === 401;
  } catch {
    return true;
  }
}

// Checks a key with the server before it is kept: null when accepted, else the ApiError.
export async function checkKey(key) {
  let response;
  try {
    response = await fetch("/v1/jobs?limit=1", { headers: { Accept: "application/json", "X-API-Key": key } });
  } catch {
    return new ApiError(0, "network_error", NETWORK_ERROR);
  }
  return response.ok ? null : errorFrom(response);
}

// Files on this API's download route need the API key header, so they are fetched and shown
// through blob: URLs; presigned S3 URLs (another origin) are used as they are.
const ASSET_ROUTE = /^\/v1\/jobs\/[A-Za-z0-9_-]+\/assets\//;

export function isApiAsset(url) {
  const parsed = new URL(url, location.href);
  return parsed.origin === location.origin || ASSET_ROUTE.test(parsed.pathname);
}

export async function assetUrl(asset) {
  if (!isApiAsset(asset.url)) return asset.url;
  const path = new URL(asset.url, location.href).pathname;
  let response;
  try {
    response = await fetch(path, { headers: headers({ Accept: "*/*" }) });
  } catch {
    throw new ApiError(0, "network_error", NETWORK_ERROR);
  }
  if (!response.ok) throw await errorFrom(response);
  const blob = await response.blob();
  // Keep the type the API declared, so the PDF viewer and images recognise the file.
  return URL.createObjectURL(new Blob([blob], { type: asset.content_type.split(";")[0] }));
}

export function fileName(name) {
  return name.split("/").pop();
}

// `name` is what the file is saved as (the page names files after the company).
export async function download(asset, name = fileName(asset.name)) {
  const href = await assetUrl(asset);
  const link = document.createElement("a");
  link.href = href;
  link.download = name;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; free the copy in memory soon after.
  if (href.startsWith("blob:")) setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
