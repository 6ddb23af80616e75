// The live view of a running job: one progress bar per stage, fed by the job's events.

const STATUS_WORDS = {
  pending: "waiting",
  running: "working",
  retrying: "retrying after a hiccup",
  done: "done",
  failed: "failed",
};

function stageItem(name) {
  const item = document.createElement("li");
  item.className = "stage";
  item.dataset.stage = name;
  const label = document.createElement("span");
  label.className = "stage-name";
  label.id = `stage-${name}-label`;
  label.textContent = name;
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  bar.setAttribute("aria-labelledby", label.id);
  const note = document.createElement("p");
  note.className = "stage-note";
  item.append(label, bar, note);
  return item;
}

const HEADING_WORDS = {
  queued: "Building",
  running: "Building",
  succeeded: "Built",
  failed: "Could not build",
  canceled: "Canceled:",
};

export class ProgressView {
  constructor(section) {
    this.section = section;
    this.list = section.querySelector("#stages");
    this.status = section.querySelector("#job-status");
    this.error = section.querySelector("#job-error");
    this.noticeLine = section.querySelector("#job-notice");
    this.headingWords = section.querySelector("#job-heading-words");
  }

  // Starts from the job as polled, so a reopened job shows where it is before any event arrives.
  // The notice (live progress lost, polling instead) is left as it is: it stays true.
  show(view) {
    this.section.hidden = false;
    this.section.querySelector("#job-company").textContent = view.request.company_name;
    this.error.hidden = true;
    this.list.replaceChildren(...view.pipeline.map(stageItem));
    this.update(view);
  }

  // The stages and status of a polled view, on the bars already there.
  update(view) {
    for (const [name, run] of Object.entries(view.stages)) {
      this.setStage(name, run.status, run.status === "done" ? 1 : run.progress, run.note);
    }
    this.setStatus(view.status, view.stage);
  }

  hide() {
    this.section.hidden = true;
    this.clearNotice();
  }

  notice(text) {
    this.noticeLine.textContent = text;
    this.noticeLine.hidden = false;
  }

  clearNotice() {
    this.noticeLine.textContent = "";
    this.noticeLine.hidden = true;
  }

  setStage(name, status, progress, note) {
    const item = this.list.querySelector(`[data-stage="${CSS.escape(name)}"]`);
    if (!item) return;
    item.dataset.status = status;
    if (progress !== undefined && progress !== null) item.querySelector("progress").value = progress;
    const words = STATUS_WORDS[status] || status;
    item.querySelector(".stage-note").textContent = note ? `${words}: ${note}` : words;
  }

  setStatus(status, stage) {
    const words = {
      queued: "Queued, waiting for the first stage.",
      running: stage ? `Working on the ${stage} stage.` : "Working.",
      succeeded: "Done. Your brand kit is below.",
      failed: "The job failed.",
      canceled: "The job was canceled.",
    };
    this.status.textContent = words[status] || status;
    this.section.dataset.status = status;
    if (this.headingWords) this.headingWords.textContent = HEADING_WORDS[status] || "Building";
  }

  // One job event (kinds as the API sends them); unknown kinds are ignored.
  apply(kind, event) {
    const stage = event.stage;
    switch (kind) {
      case "stage_started":
        this.setStage(stage, "running", 0, event.data.attempt > 1 ? `attempt ${event.data.attempt}` : null);
        this.setStatus("running", stage);
        break;
      case "progress":
        this.setStage(stage, "running", event.data.progress, event.message);
        break;
      case "stage_retry":
      case "stage_interrupted":
        this.setStage(stage, "retrying", null, event.message);
        break;
      case "stage_done":
        this.setStage(stage, "done", 1, null);
        break;
      case "stage_failed":
        this.setStage(stage, "failed", null, event.message);
        break;
      case "job_succeeded":
        this.setStatus("succeeded");
        break;
      case "job_failed":
        if (stage) this.setStage(stage, "failed", null, event.message);
        this.setStatus("failed");
        this.showError(event.message || "The job failed.");
        break;
      case "job_canceled":
        this.setStatus("canceled");
        break;
      default:
        break;
    }
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = false;
  }
}
