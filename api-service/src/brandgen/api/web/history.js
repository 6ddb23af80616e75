// The caller's past jobs (GET /v1/jobs), each openable.

import { request } from "./api.js";
import { plainMessage } from "./messages.js";

export class HistoryView {
  constructor(list, status, open) {
    this.list = list;
    this.statusLine = status;
    this.open = open;
  }

  async refresh() {
    let jobs;
    try {
      jobs = (await request("GET", "/v1/jobs?limit=20")).jobs;
    } catch (error) {
      this.list.replaceChildren();
      this.statusLine.textContent = `Past jobs could not be loaded: ${plainMessage(error)}`;
      return error;
    }
    this.statusLine.textContent = jobs.length ? "" : "No jobs yet.";
    this.list.replaceChildren(...jobs.map((job) => this.item(job)));
    return null;
  }

  item(job) {
    const item = document.createElement("li");
    item.dataset.jobId = job.job_id;
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = job.company_name;
    const badge = document.createElement("span");
    badge.className = `status-badge status-${job.status}`;
    badge.textContent = job.status;
    const when = document.createElement("time");
    when.dateTime = job.created_at;
    when.textContent = new Date(job.created_at).toLocaleString();
    const open = document.createElement("button");
    open.type = "button";
    open.className = "small secondary";
    open.textContent = "Open";
    open.setAttribute("aria-label", `Open ${job.company_name}, ${job.status}`);
    open.addEventListener("click", () => this.open(job.job_id));
    item.append(name, badge, when, open);
    return item;
  }
}
