// Installs the example runner's wheels into a Pyodide under Node exactly as the browser's worker
// does (docs/assets/runner/wheels.mjs), reading them from the runtime folder: the setup of the
// build's standard-library runs and of the parity test.
import { readFileSync } from "node:fs";
import path from "node:path";
import { installWheels } from "../docs/assets/runner/wheels.mjs";

export default async function setup(pyodide, runtimeDir, { packages }) {
  const lock = JSON.parse(readFileSync(path.join(runtimeDir, "runner-lock.json"), "utf8"));
  await installWheels(pyodide, lock, packages, async (entry) =>
    new Uint8Array(readFileSync(path.join(runtimeDir, entry.file_name))),
  );
}
