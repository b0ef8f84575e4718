/**
 * `npm run manifest`: writes the Custom Elements Manifest (custom-elements.json)
 * for every element under components/, and refreshes the generated reference
 * sections of docs/elements.md (from the manifest) and docs/server.md (from the
 * contract's operation table). `npm run manifest -- --check` writes nothing and
 * exits 1 when any of those files is out of date.
 *
 * The manifest comes from @custom-elements-manifest/analyzer with its Lit
 * plugins, plus one plugin of ours: Keel registers elements through
 * `defineElement(tag, Class)` in each element's define.ts, which the analyzer
 * does not recognise as a definition.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from '@custom-elements-manifest/analyzer';
import type { AnalyzePhaseParams } from '@custom-elements-manifest/analyzer';
import type * as TypeScript from 'typescript';
import { operations, type OperationDefinition, type OperationId } from '../src/contract/operations.js';
import { OPERATION_SUMMARIES } from '../src/contract/operation-summaries.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_FILE = 'custom-elements.json';
export const ELEMENTS_DOC = 'docs/elements.md';
export const SERVER_DOC = 'docs/server.md';

/**
 * The analyzer's index.d.ts declares only plugin types, not `create` or its
 * bundled TypeScript, so the module is imported through a non-literal
 * specifier and typed here.
 */
interface AnalyzerModule {
  create(input: { modules: TypeScript.SourceFile[]; plugins: Plugin[]; context: Record<string, unknown> }): ManifestPackage;
  ts: typeof TypeScript;
}
interface LitPluginModule {
  litPlugin(): Plugin[];
}
const ANALYZER_SPECIFIER: string = '@custom-elements-manifest/analyzer';
const LIT_PLUGIN_SPECIFIER: string = '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

/** The parts of the manifest schema (version 1.0.0) this script reads and writes. */
export interface ManifestPackage {
  schemaVersion: string;
  readme?: string;
  modules: ManifestModule[];
}
export interface ManifestModule {
  kind: 'javascript-module';
  path: string;
  description?: string;
  declarations?: ManifestDeclaration[];
  exports?: ManifestExport[];
}
export interface ManifestExport {
  kind: 'js' | 'custom-element-definition';
  name: string;
  declaration: { name: string; module?: string; package?: string };
}
interface Described {
  name: string;
  description?: string;
  summary?: string;
  type?: { text: string };
  inheritedFrom?: { name: string; module?: string };
}
export interface ManifestMember extends Described {
  kind: 'field' | 'method';
  privacy?: 'public' | 'private' | 'protected';
  static?: boolean;
  readonly?: boolean;
  default?: string;
  attribute?: string;
}
export interface ManifestAttribute extends Described {
  fieldName?: string;
  default?: string;
}
export interface ManifestDeclaration extends Described {
  kind: string;
  customElement?: boolean;
  tagName?: string;
  superclass?: { name: string; module?: string; package?: string };
  members?: ManifestMember[];
  attributes?: ManifestAttribute[];
  events?: Described[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: (Described & { default?: string; syntax?: string })[];
}

/** Lists the files the manifest covers: every components/**\/*.ts except tests and their helpers, sorted. */
export function listComponentSources(root = REPO_ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, 'components'), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    if (entry.name.endsWith('.test.ts') || entry.name.endsWith('-test-support.ts')) continue;
    const absolute = path.join(entry.parentPath ?? entry.path, entry.name);
    files.push(path.relative(root, absolute).split(path.sep).join('/'));
  }
  return files.sort();
}

const CUSTOM_ELEMENT_NAME = /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/;

/**
 * Plugin for what the analyzer cannot see in Keel's sources:
 * - `defineElement('keel-x', KeelX)` calls become custom-element definitions,
 *   so classes get their tag names;
 * - event types come from the `GlobalEventHandlersEventMap` declaration in
 *   components/shared/events.ts, so each event names its `detail` type;
 * - the definition the analyzer reads from `customElements.define(tag, constructor)`
 *   inside `defineElement` itself, and the event it reads from
 *   `new CustomEvent(type, ...)` in `KeelElement.emit`, are dropped because
 *   their names are parameters, not literals;
 * - private members are dropped because they are no part of an element's API.
 */
export function keelElementsPlugin(): Plugin {
  const eventTypes = new Map<string, string>();
  const parameterEventNames = new Set<string>();

  function readDefineCall(ts: typeof TypeScript, node: TypeScript.CallExpression, moduleDoc: Partial<ManifestModule>): void {
    const [tagArgument, classArgument] = node.arguments;
    const source = node.getSourceFile();
    if (!tagArgument || !classArgument || !ts.isStringLiteralLike(tagArgument) || !ts.isIdentifier(classArgument)) {
      throw new Error(`${source.fileName}: defineElement needs a string literal tag and a class name so the manifest can read them; got "${node.getText()}".`);
    }
    const className = classArgument.text;
    const definition: ManifestExport = {
      kind: 'custom-element-definition',
      name: tagArgument.text,
      declaration: { name: className, module: resolveImportedModule(ts, source, className) },
    };
    moduleDoc.exports = [...(moduleDoc.exports ?? []), definition];
  }

  return {
    name: 'keel-elements',
    analyzePhase(params: AnalyzePhaseParams) {
      // The analyzer passes its own TypeScript (5.4); this plugin uses only AST
      // calls that the project's TypeScript types describe the same way.
      const ts = params.ts as unknown as typeof TypeScript;
      const node = params.node as unknown as TypeScript.Node;
      const module = params.moduleDoc as Partial<ManifestModule>;
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineElement') {
        readDefineCall(ts, node, module);
      } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'CustomEvent') {
        const nameArgument = node.arguments?.[0];
        if (nameArgument && !ts.isStringLiteralLike(nameArgument)) parameterEventNames.add(nameArgument.getText());
      } else if (ts.isInterfaceDeclaration(node) && node.name.text === 'GlobalEventHandlersEventMap') {
        for (const member of node.members) {
          if (ts.isPropertySignature(member) && member.type && ts.isStringLiteral(member.name)) {
            eventTypes.set(member.name.text, member.type.getText());
          }
        }
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of (customElementsManifest as ManifestPackage).modules) {
        module.exports = module.exports?.filter(
          (entry) => entry.kind !== 'custom-element-definition' || CUSTOM_ELEMENT_NAME.test(entry.name),
        );
        for (const declaration of module.declarations ?? []) {
          if (declaration.members) declaration.members = declaration.members.filter((member) => member.privacy !== 'private' && !member.name.startsWith('#'));
          if (!declaration.events) continue;
          declaration.events = declaration.events.filter((event) => event.description !== undefined || !parameterEventNames.has(event.name));
          for (const event of declaration.events) {
            const type = eventTypes.get(event.name);
            if (type) event.type = { text: type };
          }
        }
      }
    },
  };
}

/** Finds the module a class name is imported from, as a manifest path (`components/x/x.ts`). */
function resolveImportedModule(ts: typeof TypeScript, source: TypeScript.SourceFile, name: string): string {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    if (!bindings.elements.some((element) => element.name.text === name)) continue;
    const specifier = statement.moduleSpecifier.text;
    return path.posix.join(path.posix.dirname(source.fileName), specifier).replace(/\.js$/, '.ts');
  }
  // A class declared in the define file itself.
  return source.fileName;
}

/** Runs the analyzer over the component sources and returns the manifest. */
export async function buildManifest(root = REPO_ROOT): Promise<ManifestPackage> {
  const analyzer = (await import(ANALYZER_SPECIFIER)) as AnalyzerModule;
  const { litPlugin } = (await import(LIT_PLUGIN_SPECIFIER)) as LitPluginModule;
  const { ts } = analyzer;

  // Module paths in the manifest are these relative paths, whatever the working directory.
  const modules = listComponentSources(root).map((file) =>
    ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  const manifest = analyzer.create({ modules, plugins: [...litPlugin(), keelElementsPlugin()], context: { dev: false } });
  checkDefinitions(manifest);
  return manifest;
}

/** Throws when a definition points at no class, so a moved or renamed element fails here rather than in an editor. */
function checkDefinitions(manifest: ManifestPackage): void {
  const definitions = manifest.modules.flatMap((module) => (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition'));
  if (definitions.length === 0) throw new Error('The analyzer found no defineElement calls under components/.');
  for (const definition of definitions) {
    const module = manifest.modules.find((candidate) => candidate.path === definition.declaration.module);
    const declaration = module?.declarations?.find((candidate) => candidate.name === definition.declaration.name);
    if (!declaration?.customElement || declaration.tagName !== definition.name) {
      throw new Error(`<${definition.name}> is defined with class ${definition.declaration.name}, but ${definition.declaration.module ?? 'its module'} does not declare it as that element.`);
    }
  }
}

/** Serializes the manifest as two-space JSON with a final newline, as the analyzer's CLI writes it. */
export function serializeManifest(manifest: ManifestPackage): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

// ---------------------------------------------------------------------------
// Generated documentation sections

const BEGIN_MARKER = (name: string) => `<!-- BEGIN GENERATED ${name}: run \`npm run manifest\` to update -->`;
const END_MARKER = (name: string) => `<!-- END GENERATED ${name} -->`;

/** Replaces the text between a generated section's markers; throws when the markers are missing. */
export function replaceGeneratedSection(markdown: string, name: string, content: string, file: string): string {
  const begin = BEGIN_MARKER(name);
  const end = END_MARKER(name);
  const start = markdown.indexOf(begin);
  const stop = markdown.indexOf(end);
  if (start === -1 || stop === -1 || stop < start) {
    throw new Error(`${file} lacks the markers of the generated section "${name}": add the lines\n${begin}\n${end}`);
  }
  return `${markdown.slice(0, start + begin.length)}\n\n${content.trim()}\n\n${markdown.slice(stop)}`;
}

/** Makes text safe for one Markdown table cell. */
function cell(text: string | undefined): string {
  if (!text) return '';
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(text: string | undefined): string {
  if (!text) return '';
  return `\`${text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')}\``;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** Custom-element classes, sorted by tag name. */
export function elementDeclarations(manifest: ManifestPackage): { module: ManifestModule; declaration: ManifestDeclaration }[] {
  const found = manifest.modules.flatMap((module) =>
    (module.declarations ?? []).filter((declaration) => declaration.customElement && declaration.tagName).map((declaration) => ({ module, declaration })),
  );
  return found.sort((a, b) => a.declaration.tagName!.localeCompare(b.declaration.tagName!));
}

function isPublicProperty(member: ManifestMember): boolean {
  return member.kind === 'field' && !member.static && (member.privacy === undefined || member.privacy === 'public');
}

function renderAttributesAndProperties(declaration: ManifestDeclaration, own: (item: Described) => boolean): string[] {
  const parts: string[] = [];
  const attributes = (declaration.attributes ?? []).filter(own);
  if (attributes.length > 0) {
    parts.push(
      table(
        ['Attribute', 'Property', 'Type', 'Default', 'Description'],
        attributes.map((attribute) => [code(attribute.name), code(attribute.fieldName), code(attribute.type?.text), code(attribute.default), cell(attribute.description)]),
      ),
    );
  }
  const attributeFields = new Set((declaration.attributes ?? []).map((attribute) => attribute.fieldName));
  const properties = (declaration.members ?? []).filter((member) => isPublicProperty(member) && own(member) && !attributeFields.has(member.name));
  if (properties.length > 0) {
    parts.push(
      'Properties without an attribute:',
      table(
        ['Property', 'Type', 'Description'],
        properties.map((member) => [code(member.name), code(member.type?.text), cell(`${member.readonly ? 'Read-only. ' : ''}${member.description ?? ''}`)]),
      ),
    );
  }
  return parts;
}

function renderNamedList(title: string, header: string[], items: Described[] | undefined, row: (item: Described) => string[]): string[] {
  if (!items || items.length === 0) return [];
  return [`${title}:`, table(header, items.map(row))];
}

/** Renders the element reference of docs/elements.md from the manifest. */
export function renderElementsReference(manifest: ManifestPackage): string {
  const sections: string[] = [];
  const base = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.name === 'KeelElement');
  if (base) {
    sections.push(
      '### Common to every element',
      `Every element extends \`KeelElement\` and accepts these:`,
      ...renderAttributesAndProperties(base, () => true),
    );
  }

  for (const { module, declaration } of elementDeclarations(manifest)) {
    const own = (item: Described) => item.inheritedFrom === undefined;
    const folder = module.path.split('/')[1];
    sections.push(
      `### \`<${declaration.tagName}>\``,
      `Class \`${declaration.name}\`, defined by \`import 'keel-portal/elements/${folder}'\` (source: \`${module.path}\`).`,
      cell(declaration.description),
      ...renderAttributesAndProperties(declaration, own),
      ...renderNamedList('Events', ['Event', 'Type', 'When'], declaration.events, (event) => [code(event.name), code(event.type?.text), cell(event.description)]),
      ...renderNamedList('Slots', ['Slot', 'Description'], declaration.slots, (slot) => [slot.name ? code(slot.name) : '(default)', cell(slot.description)]),
      ...renderNamedList('CSS parts', ['Part', 'Description'], declaration.cssParts, (part) => [code(part.name), cell(part.description)]),
      ...renderNamedList('CSS custom properties', ['Property', 'Description'], declaration.cssProperties, (property) => [code(property.name), cell(property.description)]),
    );
  }
  return sections.filter((section) => section !== '').join('\n\n');
}

function describeAuth(definition: OperationDefinition): string {
  if (definition.auth === 'session') return definition.capability ? `session, ${code(definition.capability)}` : 'session';
  if (definition.auth === 'admin') return 'admin key';
  return 'Stripe signature';
}

/** Renders the route table of docs/server.md from the contract's operation table. */
export function renderRoutesTable(): string {
  const rows = (Object.entries(operations) as [OperationId, OperationDefinition][]).map(([id, definition]) => {
    const notes = [definition.method !== 'GET' && definition.auth !== 'stripe_signature' ? 'Idempotency-Key' : '', definition.sandboxOnly ? 'sandbox only' : '']
      .filter(Boolean)
      .join(', ');
    return [code(`${definition.method} ${definition.path}`), code(id), describeAuth(definition), notes, cell(OPERATION_SUMMARIES[id])];
  });
  return table(['Route', 'Operation', 'Auth', 'Needs', 'Summary'], rows);
}

/** Returns the expected text of every generated file, keyed by path relative to the repository root. */
export async function generatedFiles(root = REPO_ROOT): Promise<Map<string, string>> {
  const manifest = await buildManifest(root);
  const elementsDoc = readFileSync(path.join(root, ELEMENTS_DOC), 'utf8');
  const serverDoc = readFileSync(path.join(root, SERVER_DOC), 'utf8');
  return new Map([
    [MANIFEST_FILE, serializeManifest(manifest)],
    [ELEMENTS_DOC, replaceGeneratedSection(elementsDoc, 'elements', renderElementsReference(manifest), ELEMENTS_DOC)],
    [SERVER_DOC, replaceGeneratedSection(serverDoc, 'routes', renderRoutesTable(), SERVER_DOC)],
  ]);
}

/** Returns the generated files whose text on disk differs from what `npm run manifest` writes. */
export async function staleFiles(root = REPO_ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, expected] of await generatedFiles(root)) {
    let current = '';
    try {
      current = readFileSync(path.join(root, file), 'utf8');
    } catch {
      // A missing file counts as stale.
    }
    if (current !== expected) stale.push(file);
  }
  return stale;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const unknown = argv.filter((argument) => argument !== '--check');
  if (unknown.length > 0) {
    console.error(`Unknown argument "${unknown[0]}". Usage: npm run manifest [-- --check]`);
    return 2;
  }
  if (check) {
    const stale = await staleFiles();
    if (stale.length === 0) {
      console.log('manifest: custom-elements.json and the generated doc sections are up to date.');
      return 0;
    }
    console.error(`manifest: out of date: ${stale.join(', ')}. Run \`npm run manifest\` and commit the result.`);
    return 1;
  }
  for (const [file, text] of await generatedFiles()) {
    writeFileSync(path.join(REPO_ROOT, file), text);
    console.log(`manifest: wrote ${file}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
