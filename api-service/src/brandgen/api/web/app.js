// Wires the page together: API key, catalogue, submit, live progress, result and past jobs.

import { ApiError, followEvents, request, storeApiKey, storedApiKey } from "./api.js";
import { clearErrors, clearFieldError, fillCatalog, linkColorInputs, requestBody, showError } from "./form.js";
import { HistoryView } from "./history.js";
import { plainMessage } from "./messages.js";
import { ProgressView } from "./progress.js";
import { ResultView } from "./result.js";

const form = document.querySelector("#kit-form");
const keyForm = document.querySelector("#key-form");
const keyInput = document.querySelector("#api-key");
const keyError = document.querySelector("#api-key-error");
const keyStatus = document.querySelector("#api-key-status");
const submitButton = document.querySelector("#submit");
const cancelButton = document.querySelector("#cancel-job");
const progress = new ProgressView(document.querySelector("#job"));
const result = new ResultView(document.querySelector("#result"));
const history = new HistoryView(document.querySelector("#history"), document.querySelector("#history-status"), openJob);

let following = null; // AbortController of the events stream being followed
let currentJob = null;

function showKeyError(error) {
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
  try {
    fillCatalog(form, await request("GET", "/v1/catalog"));
  } catch {
    // Suggestions are a convenience: the form works without them. Languages still need boxes.
    fillCatalog(form, { industries: [], styles: [], languages: ["en", "es", "fr", "de", "pt", "ja", "zh"] });
  }
}

async function follow(view) {
  if (following) following.abort();
  following = new AbortController();
  currentJob = view.job_id;
  result.clear();
  progress.show(view);
  cancelButton.hidden = view.status !== "queued" && view.status !== "running";
  if (!cancelButton.hidden) {
    try {
      await followEvents(view.job_id, (kind, event) => progress.apply(kind, event), following.signal);
    } catch (error) {
      if (error.name === "AbortError") return;
      progress.showError(`Live progress stopped: ${plainMessage(error)}`);
    }
  }
  if (currentJob !== view.job_id) return; // another job was opened meanwhile
  cancelButton.hidden = true;
  try {
    // The full view: the compact one polls get by default has no result.
    const final = await request("GET", `/v1/jobs/${encodeURIComponent(view.job_id)}?view=full`);
    if (currentJob !== view.job_id) return;
    progress.show(final);
    if (final.status === "failed" && final.error) progress.showError(`${final.error.message} (${final.error.code})`);
    history.refresh();
    if (final.status === "succeeded") {
      await result.show(final);
      document.querySelector("#result-heading").focus();
    }
  } catch (error) {
    routeError(error, (other) => progress.showError(`The result could not be loaded: ${plainMessage(other)}`));
  }
}

async function openJob(jobId) {
  try {
    const view = await request("GET", `/v1/jobs/${encodeURIComponent(jobId)}`);
    const followed = follow(view); // shows the job's section at once, then follows it
    document.querySelector("#job-heading").focus();
    await followed;
  } catch (error) {
    routeError(error, (other) => (document.querySelector("#history-status").textContent = plainMessage(other)));
  }
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form);
  clearKeyError();
  submitButton.disabled = true;
  let accepted;
  try {
    accepted = await request("POST", "/v1/brand-kits", requestBody(form));
  } catch (error) {
    routeError(error, (other) => showError(form, other));
    return;
  } finally {
    submitButton.disabled = false;
  }
  history.refresh();
  await openJob(accepted.job_id);
});

for (const name of ["company_name", "industry", "style", "primary_color", "tagline", "candidates", "description"]) {
  form.elements[name].addEventListener("input", () => clearFieldError(form, name));
}
form.querySelector("#language-options").addEventListener("change", () => clearFieldError(form, "languages"));

cancelButton.addEventListener("click", async () => {
  if (!currentJob) return;
  try {
    await request("POST", `/v1/jobs/${encodeURIComponent(currentJob)}/cancel`);
  } catch (error) {
    routeError(error, (other) => progress.showError(plainMessage(other)));
  }
});

keyForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearKeyError();
  storeApiKey(keyInput.value.trim());
  keyStatus.textContent = keyInput.value.trim() ? "Key saved in this browser." : "Key removed.";
  const error = await history.refresh();
  if (error) routeError(error, () => {});
});

document.querySelector("#forget-key").addEventListener("click", () => {
  keyInput.value = "";
  storeApiKey("");
  clearKeyError();
  keyStatus.textContent = "Key removed from this browser.";
  history.refresh();
});

document.querySelector("#refresh-jobs").addEventListener("click", () => history.refresh());

keyInput.value = storedApiKey();
linkColorInputs(form);
loadCatalog();
// On load a 401 is shown by the key field without taking the focus from wherever the person is.
history.refresh().then((error) => error && error.code === "unauthorized" && showKeyError(error));
