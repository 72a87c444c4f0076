// Entry point of the quiz page: wires the build-time form to the engine worker.
// Material's instant navigation swaps pages without reloading, so this module runs once and
// (re)mounts on every page change through `document$`; the worker outlives the page visits.
import { EngineClient } from "./engine-client.js";
import * as answersIO from "./answers.js";
import { LIVE_TEXT, clearResult, renderResult } from "./result-view.js";

const siteRoot = new URL("../../", import.meta.url);
let engine = null;
let unmount = null;

const STATUS = {
  deferred: "Save-Data is on, so Python (a few megabytes) downloads only once you start answering.",
  loading: "Starting Python in your browser… You can answer already.",
  ready: "Python is ready. Results are computed on your machine.",
  error: "The quiz engine could not start",
};

function mount(root) {
  const form = root.querySelector("form.fvd-form");
  const region = root.querySelector("[data-fvd-result]");
  const notice = root.querySelector("[data-fvd-notice]");
  const status = form.querySelector("[data-fvd-status]");
  const retry = form.querySelector("[data-fvd-retry]");
  const answered = form.querySelector("[data-fvd-answered]");
  const live = form.querySelector("[data-live-recommendation]");
  const shared = root.querySelector("[data-fvd-shared]");
  const pending = root.querySelector("[data-fvd-pending]");
  const title = region.querySelector("[data-fvd-result-title]");
  const templates = templatesOf(root);
  const schema = answersIO.schemaOf(form);
  const controller = new AbortController();
  const { signal } = controller;
  let latest = 0;
  let waiting = false;
  let liveBusy = false;
  let liveStale = false;

  // The inline start-up script publishes the worker's URL, with the runtime's digest.
  engine ??= new EngineClient(new URL(window.fvdEngineWorkerURL), {
    deferred: !window.fvdEngineWorker && Boolean(navigator.connection?.saveData),
  });

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  function showStatus() {
    if (engine.state === "ready" && !performance.getEntriesByName("fvd-engine-ready").length) {
      performance.mark("fvd-engine-ready", { detail: engine.boot }); // read by `make bench`
    }
    form.dataset.engine = engine.state;
    if (engine.boot) form.dataset.boot = engine.boot.mode;
    retry.hidden = engine.state !== "error";
    let text = STATUS[engine.state];
    if (engine.state === "error") text += `: ${engine.message} Check your connection, then retry.`;
    else if (engine.state === "loading" && waiting) text = "Starting Python… your result will appear as soon as it is ready.";
    else if (engine.state === "loading" && engine.progress) {
      const megabytes = (bytes) => (bytes / 1e6).toFixed(1);
      const { loaded, total } = engine.progress;
      text = `Loading Python: ${megabytes(loaded)} of ${megabytes(total)} MB. You can answer already.`;
    }
    status.textContent = text;
  }

  function updateProgress() {
    answered.textContent = String(Object.keys(answersIO.readForm(form)).length);
  }

  // The verdict so far, recomputed on every answer once Python is ready (it takes milliseconds).
  // One request at a time; answers changed meanwhile are sent again when it returns. The text
  // changes, and the polite live region speaks, only when the verdict itself changes.
  function showLive(framework) {
    if (live.dataset.liveRecommendation === framework) return;
    live.dataset.liveRecommendation = framework;
    live.textContent = framework ? LIVE_TEXT[framework] : "";
  }

  async function refreshLive() {
    if (engine.state !== "ready" || signal.aborted) return;
    if (liveBusy) {
      liveStale = true;
      return;
    }
    const answers = answersIO.readForm(form);
    if (!Object.keys(answers).length) {
      showLive("");
      return;
    }
    liveBusy = true;
    liveStale = false;
    try {
      const result = await engine.recommend(answers);
      if (!signal.aborted && !liveStale) showLive(result.framework);
    } catch {
      // Refused answers are reported when the reader asks for the result; nothing to say here.
    } finally {
      liveBusy = false;
    }
    if (liveStale) refreshLive();
  }

  // A shared link opens on its result: the result region moves above the form, says where its
  // answers came from, shows Python's start-up status while it waits, and takes focus.
  function openShared() {
    form.before(region);
    title.textContent = "Recommendation for these answers";
    region.setAttribute("aria-label", title.textContent);
    title.hidden = false;
    shared.hidden = false;
    showPending();
    title.focus();
  }

  function showPending() {
    const computing = !shared.hidden && !region.querySelector("[data-recommendation]").dataset.recommendation;
    pending.textContent = computing ? status.textContent : "";
    pending.hidden = !computing;
  }

  async function submit({ focus }) {
    performance.mark("fvd-submit");
    const answers = answersIO.readForm(form);
    answersIO.store(answers);
    history.replaceState(history.state, "", answersIO.encodeFragment(answers) || location.pathname + location.search);
    const ticket = ++latest;
    engine.begin(); // a deferred engine starts when asked for a result (a shared link, say)
    waiting = engine.state !== "ready";
    showStatus();
    showPending();
    let result;
    try {
      result = await engine.recommend(answers);
    } catch (error) {
      // The engine refused answers the page offered: say so, and start afresh.
      waiting = false;
      showStatus();
      form.reset(); // the reset handler clears notices, so the notice comes after
      showNotice(`Those answers could not be used (${error.message}). The quiz has been reset.`);
      return;
    }
    if (ticket !== latest || signal.aborted) return; // a newer submission or another page won
    waiting = false;
    showStatus();
    renderResult(region, result, { siteRoot, templates, answers, schema });
    showPending();
    performance.mark("fvd-result");
    if (focus) title.focus();
  }

  form.addEventListener("change", () => {
    updateProgress();
    refreshLive();
  }, { signal });
  // Save-Data: the download starts with the reader's first interaction with the form.
  for (const type of ["focusin", "pointerdown", "change"]) {
    form.addEventListener(type, () => engine.begin(), { signal, once: true });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    showNotice("");
    submit({ focus: true });
  }, { signal });
  // The native reset clears the inputs; forget the answers everywhere else too.
  form.addEventListener("reset", () => {
    showNotice("");
    answersIO.clearStored();
    clearResult(region);
    shared.hidden = true;
    title.textContent = "Your recommendation";
    region.setAttribute("aria-label", title.textContent);
    history.replaceState(history.state, "", location.pathname + location.search);
    setTimeout(() => {
      // after the browser has cleared the inputs; a live reply still on its way is dropped
      updateProgress();
      refreshLive();
    });
  }, { signal });
  retry.addEventListener("click", () => engine.retry(), { signal });
  root.querySelector("[data-fvd-copy]").addEventListener("click", () => copyLink(root), { signal });
  root.querySelector("[data-fvd-edit]").addEventListener("click", () => {
    const first = form.querySelector("input:checked") ?? form.querySelector("input");
    first.focus();
  }, { signal });
  const unsubscribe = engine.subscribe(showStatus);
  const unsubscribeLive = engine.subscribe(() => {
    showPending();
    refreshLive();
  });

  // Restore: a shared link wins over stored answers; broken data of either kind is dropped.
  let restored = null;
  try {
    restored = answersIO.decodeFragment(location.hash, schema);
  } catch (error) {
    showNotice(`The link's answers could not be read (${error.message}), so the quiz starts afresh.`);
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  if (restored === null) {
    const stored = answersIO.loadStored(schema);
    if (stored.corrupt) showNotice("Saved answers were damaged and have been discarded.");
    restored = stored.answers;
  }
  if (restored) {
    answersIO.writeForm(form, restored);
    if (location.hash) {
      openShared();
      submit({ focus: false });
    }
  }
  updateProgress();
  refreshLive();

  return () => {
    controller.abort();
    unsubscribe();
    unsubscribeLive();
  };
}

// Build-time HTML the result view clones: rationales, topic names and pages, tutorials, scale.
const TEMPLATE_KINDS = { fvdWhy: "why", fvdTopic: "topic", fvdTutorial: "tutorial" };

function templatesOf(root) {
  const templates = new Map();
  for (const template of root.querySelectorAll("template")) {
    for (const [attribute, kind] of Object.entries(TEMPLATE_KINDS)) {
      if (attribute in template.dataset) templates.set(`${kind}:${template.dataset[attribute]}`, template);
    }
    if ("fvdScale" in template.dataset) templates.set("scale", template);
  }
  return templates;
}

// The link carries the answers in its fragment; the clipboard may be unavailable (permissions,
// insecure context), in which case the link is shown, selected, for copying by hand.
async function copyLink(root) {
  const said = root.querySelector("[data-fvd-copied]");
  try {
    await navigator.clipboard.writeText(location.href);
    said.textContent = "Link copied.";
  } catch {
    const field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = location.href;
    field.setAttribute("aria-label", "Link to these answers");
    said.replaceChildren("Copy this link: ", field);
    field.select();
  }
}

// One subscription for the life of the page load; mount only where the quiz exists.
window.document$.subscribe(() => {
  unmount?.();
  unmount = null;
  const root = document.querySelector(".fvd-quiz");
  if (root) unmount = mount(root);
});
