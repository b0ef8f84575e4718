// Loads two copies of the single-file bundle on one page, as when a vendor's
// own bundle and a CDN script both include Keel. Different query strings make
// the browser evaluate the module twice, so every class exists twice. The
// dev server builds `/__keel-bundle.js` from src/index.ts on request
// (test/browser/support/bundle-plugin.js).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { API_BASE, mockApi } from '../support/api.js';

type KeelModule = typeof import('../../../src/index.js');

const BUNDLE_URL = '/__keel-bundle.js';

/** Imports one copy of the bundle; a distinct query string gives a distinct module instance. */
function importBundle(copy: string): Promise<KeelModule> {
  const url = `${BUNDLE_URL}?copy=${copy}`;
  return import(/* @vite-ignore */ url) as Promise<KeelModule>;
}

/** Turns `KeelInvoiceHistory` into `keel-invoice-history`. */
function tagFor(className: string): string {
  return className.replace(/[A-Z]/g, (letter, index: number) => `${index === 0 ? '' : '-'}${letter.toLowerCase()}`);
}

/** Maps each tag to the element class a copy exports. The abstract base class has no tag. */
function elementClasses(module: KeelModule): Map<string, CustomElementConstructor> {
  const classes = new Map<string, CustomElementConstructor>();
  for (const [name, value] of Object.entries(module)) {
    if (name === 'KeelElement' || typeof value !== 'function') continue;
    if (value.prototype instanceof HTMLElement) classes.set(tagFor(name), value as CustomElementConstructor);
  }
  return classes;
}

describe('bundle loaded twice', () => {
  const errors: string[] = [];
  const definitions: string[] = [];
  const originalDefine = customElements.define;
  let first: KeelModule;
  let second: KeelModule;
  let importError: unknown;

  const recordError = (event: ErrorEvent) => errors.push(String(event.error ?? event.message));
  const recordRejection = (event: PromiseRejectionEvent) => errors.push(String(event.reason));

  before(async () => {
    window.addEventListener('error', recordError);
    window.addEventListener('unhandledrejection', recordRejection);
    customElements.define = function recordDefinition(this: CustomElementRegistry, tag, constructor, options) {
      definitions.push(tag);
      return originalDefine.call(this, tag, constructor, options);
    };
    try {
      first = await importBundle('first');
      second = await importBundle('second');
    } catch (error) {
      importError = error;
    }
  });

  after(() => {
    customElements.define = originalDefine;
    window.removeEventListener('error', recordError);
    window.removeEventListener('unhandledrejection', recordRejection);
  });

  it('imports both copies without throwing', () => {
    expect(importError).to.equal(undefined);
  });

  it('loads two separate copies', () => {
    expect(first.KeelPortal === second.KeelPortal, 'both imports returned the same class').to.equal(false);
    expect(first.createKeelClient === second.createKeelClient, 'both imports returned the same client factory').to.equal(false);
  });

  it('fires no error events', () => {
    expect(errors).to.deep.equal([]);
  });

  it('defines each tag once', () => {
    const tags = [...elementClasses(first).keys()].sort();

    expect(tags.length, 'the bundle exports no element classes').to.be.greaterThan(10);
    expect([...definitions].sort()).to.deep.equal(tags);
  });

  it('keeps the first copy classes', () => {
    for (const [tag, constructor] of elementClasses(first)) {
      expect(customElements.get(tag) === constructor, `${tag} is not the first copy's class`).to.equal(true);
    }
    for (const [tag, constructor] of elementClasses(second)) {
      expect(customElements.get(tag) === constructor, `${tag} was replaced by the second copy`).to.equal(false);
    }
  });

  it('renders a portal from the first copy', async () => {
    await mockApi();
    const portal = await fixture<HTMLElement>(html`<keel-portal api-base=${API_BASE} session-token="bundle-token" locale="en"></keel-portal>`);

    await waitUntil(() => portal.shadowRoot?.querySelector('nav'), 'portal did not load', { timeout: 10_000 });
    expect(portal instanceof first.KeelPortal, 'the portal is not an instance of the first copy').to.equal(true);
    expect(portal.shadowRoot!.querySelector('h1')!.textContent).to.equal('Billing');
  });
});
