import { expect, fixture, html } from '@open-wc/testing';
import { http, HttpResponse, passthrough } from 'msw';

import { startWorker, takeUnhandledRequests, useHandlers } from './support/msw.js';

const apiBase = `${location.origin}/v1`;

describe('browser test harness', () => {
  before(async () => {
    await startWorker();
  });

  it('msw answers a handled fetch', async () => {
    await useHandlers(
      http.get(`${apiBase}/harness-probe`, () => HttpResponse.json({ reply: 'from msw' })),
    );

    const response = await fetch(`${apiBase}/harness-probe`);
    const body: unknown = await response.json();

    expect(response.status).to.equal(200);
    expect(body).to.deep.equal({ reply: 'from msw' });
  });

  it('unhandled request gets 500', async () => {
    const response = await fetch(`${apiBase}/no-handler-for-this`);

    expect(response.status).to.equal(500);
    expect(takeUnhandledRequests()).to.deep.equal([`GET ${apiBase}/no-handler-for-this`]);
  });

  it('handlers reset between tests', async () => {
    // The first test added a handler for this path; the reset removed it.
    const response = await fetch(`${apiBase}/harness-probe`);

    expect(response.status).to.equal(500);
    expect(takeUnhandledRequests()).to.deep.equal([`GET ${apiBase}/harness-probe`]);
  });

  it('axe checks a labelled button', async () => {
    const element = await fixture(html`<button type="button">Pay now</button>`);

    await expect(element).to.be.accessible();
  });

  it('axe rejects an unlabelled button', async () => {
    const element = await fixture(html`<button type="button"></button>`);

    await expect(element).not.to.be.accessible();
  });

  it('page has window focus', async () => {
    // Several test pages run at once, and each must still receive focus events.
    const first = await fixture<HTMLInputElement>(html`<input aria-label="first" />`);
    const second = await fixture<HTMLInputElement>(html`<input aria-label="second" />`);
    let secondFocused = false;
    second.addEventListener('focus', () => {
      secondFocused = true;
    });

    first.focus();
    second.focus();

    expect(document.hasFocus()).to.equal(true);
    expect(secondFocused).to.equal(true);
    expect(document.activeElement).to.equal(second);
  });

  it('JSON module imports load', async () => {
    const manifest = await import('../../package.json');

    expect(manifest.default.name).to.equal('keel-portal');
  });

  it('other hosts fail to resolve', async () => {
    // The test browser maps every host but loopback to "not found", so no
    // request leaves the machine. `.invalid` is reserved and never resolves.
    await useHandlers(http.get('http://keel-harness.invalid/', () => passthrough()));

    let failure: unknown;
    try {
      await fetch('http://keel-harness.invalid/');
    } catch (error) {
      failure = error;
    }

    expect(failure).to.be.instanceOf(TypeError);
  });
});
