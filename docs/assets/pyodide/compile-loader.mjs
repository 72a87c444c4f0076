// Loads Pyodide's loader (its URL in `?loader=`) once more and runs its factory up to the wasm
// binary's instantiation, then ends: the reason is at `compileLoaderAgain` in boot.mjs.
const loader = new URL(import.meta.url).searchParams.get("loader");
const { default: createPyodideModule } = await import(loader);
let reached = false;
// What the factory reads before it instantiates the binary. The binary is never instantiated
// (`instantiateWasm` returns without calling back), so nothing after that runs.
createPyodideModule({
  noInitialRun: true,
  preRun: [],
  postRun: [],
  print() {},
  printErr() {},
  locateFile: (path) => path,
  API: { config: {}, runtimeEnv: {} },
  instantiateWasm() {
    reached = true;
    return {};
  },
}).catch(() => {});
postMessage({ reached });
// Chromium keeps a module's compiled code in a task of its own, after the module has run.
setTimeout(() => close(), 1000);
