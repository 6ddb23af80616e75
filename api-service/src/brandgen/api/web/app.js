// Wires the page together: API key, catalogue, submit, each kit at its own address (/kits/{id}),
// live progress (polling when the stream fails), the result, revisions and past jobs.

import { ApiError, checkKey, followEvents, request, serverNeedsKey, storeApiKey, storedApiKey } from "./api.js";
import {
  clearErrors,
  clearFieldError,
  fillCatalog,
  linkColorInputs,
  localProblems,
  requestBody,
  showError,
  showErrors,
} from "./form.js";
import { HistoryView } from "./history.js";
import { failureMessage, plainMessage } from "./messages.js";
import { ProgressView } from "./progress.js";
import { EditView } from "./revise.js";
import { ResultView } from "./result.js";

const form = document.querySelector("#kit-form");
const createSection = document.querySelector("#create");
const keyBox = document.querySelector("#key-box");
const keySummary = document.querySelector("#key-summary");
const keyForm = document.querySelector("#key-form");
const keyInput = document.querySelector("#api-key");
const keyError = document.querySelector("#api-key-error");
const keyStatus = document.querySelector("#api-key-status");
const submitButton = document.querySelector("#submit");
const cancelButton = document.querySelector("#cancel-job");
const retryButton = document.querySelector("#retry-job");
const progress = new ProgressView(document.querySelector("#job"));
const result = new ResultView(document.querySelector("#result"), (candidate) => edit.picked(candidate));
const edit = new EditView(document.querySelector("#edit-form"), document.querySelector("#result"), openKit, routeError);
const history = new HistoryView(document.querySelector("#history"), document.querySelector("#history-status"), openKit);

const POLL_MS = 1000;
const TERMINAL = new Set(["succeeded", "failed", "canceled"]);
const KIT_PATH = /^\/kits\/([A-Za-z0-9_-]{1,64})\/?$/;

let following = null; // AbortController of the job being followed (stream or polling)
let currentJob = null;
let currentRequest = null; // the request of the job shown, for "Try again"
let kitMissing = false; // the kit at this address could not be loaded

function showKeyError(error) {
  keyBox.open = true;
  keyError.textContent = plainMessage(error);
  keyError.hidden = false;
  keyInput.setAttribute("aria-invalid", "true");
}

function clearKeyError() {
  keyError.hidden = true;
  keyError.textContent = "";
  keyInput.removeAttribute("aria-invalid");
}

// A 401 is about the key, so it is shown by the key field wherever it happened.
function routeError(error, elsewhere) {
  if (error instanceof ApiError && error.code === "unauthorized") {
    showKeyError(error);
    keyInput.focus();
  } else {
    elsewhere(error);
  }
}

async function loadCatalog() {
  let catalog;
  try {
    catalog = await request("GET", "/v1/catalog");
  } catch {
    // Suggestions are a convenience: the form works without them. Languages still need boxes.
    catalog = { industries: [], styles: [], languages: ["en", "es", "fr", "de", "pt", "ja", "zh"] };
  }
  fillCatalog(form, catalog);
  edit.fillFonts(catalog.fonts || []);
}

// --- Addresses: "/" is the form, "/kits/{id}" a kit. Back and Forward replay them (popstate).

function kitIdFromAddress() {
  const found = KIT_PATH.exec(location.pathname);
  return found ? found[1] : null;
}

function stopFollowing() {
  if (following) following.abort();
  following = null;
}

function showHome() {
  stopFollowing();
  currentJob = null;
  currentRequest = null;
  progress.hide();
  result.clear();
  createSection.hidden = false;
  document.title = "Brand Generator";
}

async function route() {
  const jobId = kitIdFromAddress();
  if (jobId) await showKit(jobId);
  else showHome();
}

// Goes to a kit's address (a new history entry) and shows it.
async function openKit(jobId) {
  const path = `/kits/${encodeURIComponent(jobId)}`;
  if (location.pathname !== path) window.history.pushState({ jobId }, "", path);
  await showKit(jobId, true);
}

function goHome() {
  if (location.pathname !== "/") window.history.pushState({}, "", "/");
  showHome();
  document.querySelector("#company_name").focus();
}

// `focus`: the person asked for this kit, so the focus moves to it (not on a load or Back).
async function showKit(jobId, focus = false) {
  stopFollowing();
  currentJob = jobId;
  kitMissing = false;
  createSection.hidden = true;
  result.clear();
  edit.view = null; // no revision of a kit no longer shown
  let view;
  try {
    view = await request("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
  } catch (error) {
    if (currentJob !== jobId) return;
    kitMissing = true;
    routeError(error, (other) => showMissing(other));
    return;
  }
  if (currentJob !== jobId) return;
  document.title = `${view.request.company_name}: brand kit - Brand Generator`;
  await follow(view, focus);
}

function showMissing(error) {
  kitMissing = true;
  progress.section.hidden = false;
  progress.list.replaceChildren();
  progress.headingWords.textContent = "No such kit";
  progress.section.querySelector("#job-company").textContent = "";
  progress.status.textContent = "";
  progress.showError(
    error.code === "job_not_found"
      ? "There is no kit at this address for this API key. Check the link, or start a new brand kit."
      : `The kit could not be loaded: ${plainMessage(error)}`,
  );
  cancelButton.hidden = true;
  retryButton.hidden = true;
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// The fallback when the event stream fails: the job as polled, each second, until it ends.
async function poll(jobId, signal) {
  let failures = 0;
  for (;;) {
    await sleep(POLL_MS, signal);
    if (signal.aborted) return null;
    try {
      const view = await request("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
      failures = 0;
      if (signal.aborted) return null;
      progress.update(view);
      if (TERMINAL.has(view.status)) return view;
    } catch (error) {
      if (error instanceof ApiError && error.status > 0 && error.status < 500 && error.status !== 429) throw error;
      failures += 1;
      if (failures >= 30) throw error;
    }
  }
}

async function follow(view, focus) {
  const jobId = view.job_id;
  following = new AbortController();
  const { signal } = following;
  currentRequest = view.request;
  progress.clearNotice();
  progress.show(view);
  setButtons(view.status);
  if (focus && view.status !== "succeeded") document.querySelector("#job-heading").focus();
  if (!TERMINAL.has(view.status)) {
    try {
      await followEvents(jobId, (kind, event) => progress.apply(kind, event), signal);
    } catch (error) {
      if (signal.aborted || error.name === "AbortError") return;
      if (error instanceof ApiError && error.code === "unauthorized") return routeError(error, () => {});
      progress.notice(`Live progress stopped (${plainMessage(error)}) Checking the job every second instead.`);
      try {
        await poll(jobId, signal);
      } catch (other) {
        if (signal.aborted) return;
        return routeError(other, () => progress.showError(`The job could not be checked: ${plainMessage(other)}`));
      }
    }
  }
  if (signal.aborted) return;
  try {
    // The full view: the compact one polls get by default has no result.
    const final = await request("GET", `/v1/jobs/${encodeURIComponent(jobId)}?view=full`);
    if (signal.aborted) return;
    await showOutcome(final);
  } catch (error) {
    if (signal.aborted) return;
    routeError(error, (other) => progress.showError(`The result could not be loaded: ${plainMessage(other)}`));
  }
}

function setButtons(status) {
  cancelButton.hidden = TERMINAL.has(status);
  retryButton.hidden = status !== "failed" && status !== "canceled";
}

async function showOutcome(final) {
  history.refresh();
  setButtons(final.status);
  if (final.status === "succeeded") {
    progress.hide();
    const shown = result.show(final);
    edit.show(final); // its fields first: the result's pictures take longer
    await shown;
    document.querySelector("#result-heading").focus();
    return;
  }
  progress.show(final);
  if (final.status === "failed") progress.showError(failureMessage(final.error));
}

// --- The form.

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  clearKeyError();
  const local = localProblems(form);
  submitButton.disabled = true;
  let accepted;
  try {
    accepted = await request("POST", "/v1/brand-kits", requestBody(form));
  } catch (error) {
    routeError(error, (other) => {
      // The API lists every field it refused (`problems`); the page adds the slips it sees itself
      // for the fields the API did not name, so every field to fix is marked at once.
      const fromApi = (other.problems || []).filter((problem) => problem.field);
      if (fromApi.length) {
        const named = new Set(fromApi.map((problem) => problem.field));
        showErrors(form, [...fromApi, ...local.filter((problem) => !named.has(problem.field))]);
        // A problem with no control on this form (the body as a whole) still shows, above it.
        const unplaced = fromApi.find((problem) => !form.elements[String(problem.field).split(".")[0]]);
        if (unplaced) showError(form, unplaced);
        return;
      }
      const rest = local.filter((problem) => problem.field !== other.field);
      // "(and 2 more problem(s))" is moot when the others are shown too.
      const message = rest.length ? other.message.replace(/\s*\(and \d+ more problem\(s\)\)$/, "") : other.message;
      const named = other.field ? [Object.assign(Object.create(Object.getPrototypeOf(other)), other, { message })] : [];
      if (named.length + rest.length) showErrors(form, [...named, ...rest]);
      if (!other.field || !named.length) showError(form, other);
    });
    return;
  } finally {
    submitButton.disabled = false;
  }
  history.refresh();
  await openKit(accepted.job_id);
});

for (const name of ["company_name", "industry", "style", "primary_color", "tagline", "candidates", "description"]) {
  form.elements[name].addEventListener("input", () => clearFieldError(form, name));
}
form.querySelector("#language-options").addEventListener("change", () => clearFieldError(form, "languages"));

cancelButton.addEventListener("click", async () => {
  if (!currentJob) return;
  try {
    const view = await request("POST", `/v1/jobs/${encodeURIComponent(currentJob)}/cancel`);
    progress.update(view);
  } catch (error) {
    routeError(error, (other) => progress.showError(plainMessage(other)));
  }
});

// "Try again": the same request as a new job, at its own address.
retryButton.addEventListener("click", async () => {
  if (!currentRequest) return;
  const body = Object.fromEntries(Object.entries(currentRequest).filter(([, value]) => value !== null));
  retryButton.disabled = true;
  try {
    const accepted = await request("POST", "/v1/brand-kits", body);
    history.refresh();
    await openKit(accepted.job_id);
  } catch (error) {
    routeError(error, (other) => progress.showError(`Could not start again: ${plainMessage(other)}`));
  } finally {
    retryButton.disabled = false;
  }
});

// --- The API key: checked with the server before it is kept.

keyForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearKeyError();
  const key = keyInput.value.trim();
  if (!key) {
    storeApiKey("");
    keyStatus.textContent = "Key removed.";
    return;
  }
  keyStatus.textContent = "Checking the key…";
  const refused = await checkKey(key);
  if (refused) {
    keyStatus.textContent = "";
    showKeyError(refused);
    keyInput.focus();
    return;
  }
  storeApiKey(key);
  keyStatus.textContent = "Key saved in this browser.";
  keySummary.textContent = "API key saved";
  history.refresh();
  // A kit address the missing key kept from loading loads now.
  if (kitIdFromAddress() && (kitIdFromAddress() !== currentJob || kitMissing)) route();
});

document.querySelector("#forget-key").addEventListener("click", () => {
  keyInput.value = "";
  storeApiKey("");
  clearKeyError();
  keyStatus.textContent = "Key removed from this browser.";
  keySummary.textContent = "API key";
  history.refresh();
});

document.querySelector("#refresh-jobs").addEventListener("click", () => history.refresh());

// Links to "/" and "/kits/{id}" stay in the page (no reload), with a history entry each.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin) return;
  const kit = KIT_PATH.exec(url.pathname);
  if (url.pathname === "/" && !url.hash) {
    event.preventDefault();
    goHome();
  } else if (kit) {
    event.preventDefault();
    openKit(kit[1]);
  }
});

window.addEventListener("popstate", () => route());

// The key box: folded away where the server needs no key, open where one is needed and missing.
async function setUpKeyBox() {
  keyInput.value = storedApiKey();
  const needed = await serverNeedsKey();
  if (!needed) {
    keySummary.textContent = "API key (not needed on this server)";
    keyBox.classList.add("quiet");
    keyBox.open = false;
    return;
  }
  keySummary.textContent = storedApiKey() ? "API key saved" : "API key";
  keyBox.open = !storedApiKey();
}

linkColorInputs(form);
loadCatalog();
setUpKeyBox().then(() =>
  // On load a 401 is shown by the key field without taking the focus from wherever the person is.
  history.refresh().then((error) => error && error.code === "unauthorized" && showKeyError(error)),
);
route();
