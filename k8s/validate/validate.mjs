// Validates rendered Kubernetes manifests offline; run by k8s/validate.sh, which installs the packages below from
// package-lock.json and copies this file next to them.
//
//   node validate.mjs <label>=<file.yaml> ...
//
// Every document goes through two checks, both generated from the published API schemas:
//   1. the JSON schema validators of kubernetes-models (built from the Kubernetes OpenAPI spec) and of
//      @kubernetes-models/cloudnative-pg (built from CloudNativePG's API types, the source of its CRDs): types,
//      required fields, enums, formats (quantities, int-or-string), patterns;
//   2. the TypeScript compiler against the same packages' type declarations, which rejects fields the schema does
//      not know (a misspelt "replcas" would otherwise pass check 1, which allows extra properties; the API server
//      rejects them under kubectl's default --validate=strict).
// A document whose apiVersion/kind is not in KINDS fails: nothing is let through unchecked.
// Then broken copies of a Deployment and a Cluster must be rejected, to show the checks are really running.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import ts from "typescript";

// The kinds the manifests may use. Every apiVersion here is served by Kubernetes 1.30, the oldest version the
// manifests are written for (the preStop sleep action needs it), and by CloudNativePG 1.25 or newer.
const KINDS = {
  "v1/Namespace": "kubernetes-models/v1/Namespace",
  "v1/ConfigMap": "kubernetes-models/v1/ConfigMap",
  "v1/Secret": "kubernetes-models/v1/Secret",
  "v1/Service": "kubernetes-models/v1/Service",
  "apps/v1/Deployment": "kubernetes-models/apps/v1/Deployment",
  "policy/v1/PodDisruptionBudget": "kubernetes-models/policy/v1/PodDisruptionBudget",
  "autoscaling/v2/HorizontalPodAutoscaler": "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler",
  "networking.k8s.io/v1/Ingress": "kubernetes-models/networking.k8s.io/v1/Ingress",
  "networking.k8s.io/v1/NetworkPolicy": "kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
  "postgresql.cnpg.io/v1/Cluster": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster",
  "postgresql.cnpg.io/v1/ScheduledBackup": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/ScheduledBackup",
  "postgresql.cnpg.io/v1/Backup": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Backup",
};

const here = dirname(fileURLToPath(import.meta.url));

// Reads every document of every file; a YAML error is a failure of its own.
function load(inputs) {
  const docs = [];
  for (const arg of inputs) {
    const eq = arg.indexOf("=");
    const [label, file] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, arg];
    for (const parsed of parseAllDocuments(readFileSync(file, "utf8"))) {
      const doc = { label, errors: parsed.errors.map((e) => `YAML: ${e.message}`), value: null };
      if (doc.errors.length === 0) doc.value = parsed.toJS();
      if (doc.value === null && doc.errors.length === 0) continue; // an empty document between separators
      docs.push(doc);
    }
  }
  return docs;
}

function describe(value) {
  if (!value || typeof value !== "object") return "(not an object)";
  return `${value.kind ?? "?"}/${value.metadata?.name ?? "?"} (${value.apiVersion ?? "?"})`;
}

// Check 1: the JSON schema validator of the document's model class.
async function schemaErrors(value) {
  if (!value || typeof value !== "object" || Array.isArray(value)) return ["not a mapping"];
  const key = `${value.apiVersion}/${value.kind}`;
  const module = KINDS[key];
  if (!module) return [`no schema known for ${key}: add it to KINDS in k8s/validate/validate.mjs once it is checked`];
  const errors = [];
  if (typeof value.metadata?.name !== "string" || value.metadata.name === "") errors.push("metadata.name is missing");
  const Model = (await import(module))[value.kind];
  try {
    new Model(value).validate();
  } catch (e) {
    errors.push(...String(e.message).split(/, (?=data)/).map((m) => `schema: ${m.replace(/^data/, "")}`));
  }
  return errors;
}

// Prints a value as JSON, one property or element per line, and records the JSON path of each line, so that a
// compiler message about a line can name the field.
function printJson(value, indent, path, lines) {
  const pad = "  ".repeat(indent);
  const emit = (text, p) => lines.push({ text, path: p.path });
  const render = (v, prefix, p, last) => {
    const comma = last ? "" : ",";
    if (v !== null && typeof v === "object") {
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
      const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
      if (entries.length === 0) return emit(`${prefix}${open}${close}${comma}`, p);
      emit(`${prefix}${open}`, p);
      entries.forEach(([k, x], i) => {
        const inner = "  ".repeat(p.depth + 1);
        const keyText = Array.isArray(v) ? "" : `${JSON.stringify(k)}: `;
        render(x, inner + keyText, { path: `${p.path}${Array.isArray(v) ? `[${k}]` : `.${k}`}`, depth: p.depth + 1 },
          i === entries.length - 1);
      });
      emit(`${"  ".repeat(p.depth)}${close}${comma}`, p);
    } else {
      emit(`${prefix}${JSON.stringify(v)}${comma}`, p);
    }
  };
  render(value, pad, { path, depth: indent }, true);
}

// Check 2: every document as a typed constant; the compiler reports unknown fields and wrong types.
function typeErrors(docs) {
  const dir = mkdtempSync(join(here, "check-"));
  try {
    const lines = [{ text: "// generated by validate.mjs", path: null, doc: -1 }];
    const imports = new Map();
    const bodies = [];
    docs.forEach((doc, i) => {
      const module = doc.value && KINDS[`${doc.value.apiVersion}/${doc.value.kind}`];
      if (!module) return;
      const type = `I${doc.value.kind}`;
      if (!imports.has(module)) imports.set(module, `T${imports.size}`);
      const body = [];
      printJson(doc.value, 0, "", body);
      body[0].text = `export const d${i}: ${imports.get(module)}.${type} = ${body[0].text}`;
      body[body.length - 1].text += ";";
      bodies.push(...body.map((l) => ({ ...l, doc: i })));
    });
    for (const [module, alias] of imports) lines.push({ text: `import type * as ${alias} from "${module}";`, doc: -1 });
    lines.push(...bodies);
    const file = join(dir, "check.ts");
    writeFileSync(file, lines.map((l) => l.text).join("\n") + "\n");
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, skipLibCheck: true, types: [],
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    });
    const found = new Map();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
      if (!d.file || d.file.fileName !== file.replaceAll("\\", "/")) {
        throw new Error(`TypeScript could not check the documents: ${message}`);
      }
      const line = lines[d.file.getLineAndCharacterOfPosition(d.start).line];
      if (!line || line.doc < 0) throw new Error(`TypeScript could not check the documents: ${message}`);
      if (!found.has(line.doc)) found.set(line.doc, []);
      found.get(line.doc).push(`fields: at ${line.path || "(document)"}: ${message}`);
    }
    return found;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function check(docs) {
  for (const doc of docs) if (doc.value) doc.errors.push(...(await schemaErrors(doc.value)));
  const typed = typeErrors(docs);
  for (const [i, errors] of typed) docs[i].errors.push(...errors);
  return docs;
}

// Broken copies that must fail, one per kind of mistake and check.
function canaries(docs) {
  const first = (kind) => docs.find((d) => d.value?.kind === kind)?.value;
  const copy = (v) => structuredClone(v);
  const out = [];
  const deployment = first("Deployment");
  const cluster = first("Cluster");
  if (deployment) {
    const wrongType = copy(deployment);
    wrongType.spec.template.spec.terminationGracePeriodSeconds = "thirty";
    const unknownField = copy(deployment);
    unknownField.spec.template.spec.containers[0].readinessProbe.periodSecondz = 5;
    out.push({ what: "Deployment with a string where an integer belongs", value: wrongType },
      { what: "Deployment with a misspelt probe field", value: unknownField });
  }
  if (cluster) {
    const wrongEnum = copy(cluster);
    wrongEnum.spec.postgresql = { ...wrongEnum.spec.postgresql, synchronous: { method: "all", number: 1 } };
    const unknownField = copy(cluster);
    unknownField.spec.instancez = 3;
    out.push({ what: "Cluster with an unknown synchronous method", value: wrongEnum },
      { what: "Cluster with a misspelt field", value: unknownField });
  }
  return out.map((c) => ({ label: "canary", what: c.what, value: c.value, errors: [] }));
}

const docs = await check(load(process.argv.slice(2)));
let failed = 0;
for (const doc of docs) {
  const status = doc.errors.length ? "FAIL" : "ok  ";
  if (doc.errors.length) failed++;
  console.log(`  ${status} ${doc.label.padEnd(12)} ${describe(doc.value)}`);
  for (const e of doc.errors) console.log(`         ${e}`);
}

const broken = await check(canaries(docs.filter((d) => d.errors.length === 0)));
const missed = broken.filter((c) => c.errors.length === 0);
for (const c of broken) {
  const why = c.errors.length ? ` (${c.errors[0]})` : "";
  console.log(`  ${c.errors.length ? "rejected" : "ACCEPTED"} canary: ${c.what}${why}`);
}
if (broken.length < 4) console.log("  too few canaries: a Deployment and a Cluster must be among the documents");

console.log(`k8s schema check: ${docs.length - failed} of ${docs.length} documents valid, ` +
  `${broken.length - missed.length} of ${broken.length} broken copies rejected`);
process.exit(failed === 0 && missed.length === 0 && broken.length >= 4 && docs.length > 0 ? 0 : 1);
