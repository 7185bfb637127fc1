// Bundles the studio's page into dist/ (embedded in the service by Appraisal.Service.csproj): src/main.ts and its
// imports with the pinned esbuild, minified, and the TextMate grammar of the policy language read at bundle time.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// The grammar the VS Code extension ships (src/vscode/syntaxes), the one source of highlighting for both.
const grammar = process.env.STUDIO_GRAMMAR ?? resolve(here, "../vscode/syntaxes/policy.tmLanguage.json");
if (!existsSync(grammar)) throw new Error(`studio: the TextMate grammar ${grammar} is missing`);

mkdirSync(resolve(here, "dist"), { recursive: true });
await build({
  entryPoints: { studio: resolve(here, "src/main.ts") },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  outdir: resolve(here, "dist"),
  legalComments: "none",
  logLevel: "warning",
  plugins: [{
    name: "policy-grammar",
    setup(b) {
      b.onResolve({ filter: /^policy-grammar$/ }, () => ({ path: grammar, namespace: "grammar" }));
      b.onLoad({ filter: /.*/, namespace: "grammar" }, () => ({ contents: readFileSync(grammar, "utf8"), loader: "json" }));
    },
  }],
});
copyFileSync(resolve(here, "src/index.html"), resolve(here, "dist/index.html"));
