// Runs the quiz engine in Pyodide, off the main thread. Messages in: {type: "recommend", id, answers}.
// Messages out: {type: "ready", boot}, {type: "error", message}, {type: "result", id, result},
// {type: "invalid", id, message}.
const runtimeURL = new URL("../../pyodide/", import.meta.url).href;
const ENGINE_PACKAGE = "flask-vs-django-quiz";

let recommendJSON = null;

async function boot() {
  const started = performance.now();
  const { loadPyodide } = await import(`${runtimeURL}pyodide.mjs`);
  const pyodide = await loadPyodide({
    indexURL: runtimeURL,
    lockFileURL: `${runtimeURL}pyodide-lock.json`,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  });
  await pyodide.loadPackage(ENGINE_PACKAGE, { messageCallback: () => {} });
  recommendJSON = pyodide.pyimport("quiz.browser").recommend_json;
  return { ms: Math.round(performance.now() - started), mode: "normal" };
}

const ready = boot().then(
  (boot) => postMessage({ type: "ready", boot }),
  (error) => postMessage({ type: "error", message: String(error && error.message ? error.message : error) }),
);

addEventListener("message", async (event) => {
  const { type, id, answers } = event.data || {};
  if (type !== "recommend") return;
  await ready;
  if (!recommendJSON) return;
  const reply = JSON.parse(recommendJSON(JSON.stringify(answers)));
  if (reply.ok) postMessage({ type: "result", id, result: reply.result });
  else postMessage({ type: "invalid", id, message: reply.error });
});
