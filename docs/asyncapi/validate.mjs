// Validates Milk's AsyncAPI document with the official parser, then checks every message example
// against its message's schemas (the parser checks examples only for AsyncAPI 2): the payload, the
// headers, and the record key its summary starts with (Key `create-raid`: ...) against the Kafka
// binding's key. Prints every diagnostic;
// exits 1 on any error, warnings and hints are printed only.
//
//   node docs/asyncapi/validate.mjs [path]   (default: the copy the reads role serves)
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';
import Ajv from 'ajv';

const here = path.dirname(fileURLToPath(import.meta.url));
const document = process.argv[2]
  ?? path.join(here, '..', '..', 'milk-reads', 'src', 'main', 'resources', 'static', 'asyncapi.yaml');

const severities = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

const { document: parsed, diagnostics } = await fromFile(new Parser(), document).parse();
let errors = 0;
for (const diagnostic of diagnostics) {
  const where = diagnostic.path.length > 0 ? diagnostic.path.join('.') : '(document)';
  const line = diagnostic.range ? `:${diagnostic.range.start.line + 1}` : '';
  console.log(`${severities[diagnostic.severity]} ${diagnostic.code} ${where}${line}: ${diagnostic.message}`);
  if (diagnostic.severity === DiagnosticSeverity.Error) {
    errors++;
  }
}
if (!parsed) {
  console.log(`${document}: not a valid AsyncAPI document (${errors} errors)`);
  process.exit(1);
}

// The parser adds x-parser-* keys to the schemas it resolved: not keywords, so not strict.
const ajv = new Ajv({ strict: false, allErrors: true });
let examples = 0;
for (const message of parsed.allMessages()) {
  const json = message.json();
  const checks = [
    ['payload', json.payload, (example) => example.payload],
    ['headers', json.headers, (example) => example.headers],
    ['key', json.bindings?.kafka?.key, (example) => /^Key `([^`]+)`/.exec(example.summary ?? '')?.[1]],
  ];
  for (const example of json.examples ?? []) {
    examples++;
    for (const [part, schema, value] of checks) {
      if (schema === undefined) {
        continue;
      }
      if (value(example) === undefined) {
        console.log(`error example "${example.name}" of ${message.id()}: no ${part} (a key starts the summary: Key \`...\`)`);
        errors++;
        continue;
      }
      if (!ajv.validate(schema, value(example))) {
        for (const problem of ajv.errors) {
          console.log(`error example "${example.name}" of ${message.id()}: ${part}${problem.instancePath} ${problem.message}`);
        }
        errors++;
      }
    }
  }
}

console.log(`${document}: ${errors === 0 ? 'valid' : `${errors} errors`}, AsyncAPI ${parsed.version()}, `
  + `${parsed.allMessages().length} messages, ${examples} examples checked against their schemas`);
process.exit(errors === 0 ? 0 : 1);
