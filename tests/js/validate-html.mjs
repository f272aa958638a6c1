#!/usr/bin/env node
// HTML validity checker for Gorag's tests: runs html-validate (pinned in package-lock.json) on
// built pages and prints every message as ONE JSON object.
//
//   node tests/js/validate-html.mjs FILE.html [FILE2.html ...]
//
// stdout: {"files": {"<path as given>": [{ruleId, severity, message, line, column, selector, source}]}}
//   severity: 2 error, 1 warning; source: the start of the offending line, trimmed (for telling
//   Gorag's markup from Material's).
// Exit status 0 whatever the pages hold (the test decides what fails), 1 if a file cannot be read
// or html-validate throws, 2 on wrong usage.
//
// Uses html-validate's API rather than its CLI: html-validate 11 declares Node 22, and its CLI
// does need it (fs.globSync), but the API runs on Node 20 (package.json's "engines").

import { readFileSync } from "node:fs";
import { HtmlValidate, StaticConfigLoader } from "html-validate";

// Every rule of the recommended preset, less the ones that judge how markup is written rather
// than whether it is valid HTML (or usable). Each one turned off says why.
const CONFIG = {
  extends: ["html-validate:recommended"],
  rules: {
    // The HTML standard reads tag and attribute names and the doctype without regard to case.
    "attr-case": "off",
    "element-case": "off",
    "doctype-style": "off",
    // Single, double or no quotes around a value are all valid HTML.
    "attr-quotes": "off",
    // `required` and `required=""`, `<input>` and `<input/>` are the same to the HTML parser;
    // Python-Markdown writes the latter of each.
    "attribute-boolean-style": "off",
    "attribute-empty-style": "off",
    "void-style": "off",
    // Whitespace left by the Jinja templates is not part of the document.
    "no-trailing-whitespace": "off",
    // role="presentation" and role="none" are synonyms in WAI-ARIA 1.2.
    "presentation-role-style": "off",
    // A search-engine snippet heuristic; WCAG 2.4.2 asks for descriptive titles, and a protocol's
    // full official name is one.
    "long-title": "off",
    // HTML allows any id without whitespace; the strict form (a letter first, no "__") only keeps
    // ids easy to write as CSS selectors. Material's ids (`__drawer`, `__toc`) are valid HTML.
    "valid-id": ["error", { relaxed: true }],
  },
};

function fail(message, status = 1) {
  process.stderr.write(`validate-html: ${message}\n`);
  process.exit(status);
}

const files = process.argv.slice(2);
if (files.length === 0) {
  fail("usage: node validate-html.mjs FILE.html [FILE2.html ...]", 2);
}

const validator = new HtmlValidate(new StaticConfigLoader(CONFIG));
const out = { files: {} };
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf-8");
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
  const lines = text.split("\n");
  let report;
  try {
    report = await validator.validateString(text, file);
  } catch (error) {
    fail(`html-validate failed on ${file}: ${error.stack || error}`);
  }
  out.files[file] = report.results.flatMap((result) =>
    result.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message,
      line: m.line,
      column: m.column,
      selector: m.selector,
      source: (lines[m.line - 1] || "").trim().slice(0, 200),
    })),
  );
}
process.stdout.write(JSON.stringify(out));
