// Runs answer sets through the quiz engine inside the pinned Pyodide, under Node.
// Usage: node run_in_pyodide.mjs <runtime dir> <answers.json>; prints a JSON list of replies.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runtimeDir, answersFile] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: runtimeDir + path.sep,
  lockFileURL: path.join(runtimeDir, "pyodide-lock.json"),
  stdout: () => {},
});
await pyodide.loadPackage("flask-vs-django-quiz", { messageCallback: () => {} });
const recommendJSON = pyodide.pyimport("quiz.browser").recommend_json;
const answerSets = JSON.parse(await readFile(answersFile, "utf8"));
const replies = answerSets.map((answers) => JSON.parse(recommendJSON(JSON.stringify(answers))));
process.stdout.write(JSON.stringify({ python: pyodide.version, replies }));
