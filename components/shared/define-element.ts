/**
 * Registers custom elements once. A page may load two copies of Keel (a
 * vendor's bundle and a CDN script, say): the second copy must neither throw
 * `NotSupportedError` nor replace the first copy's elements.
 */

/** Defines `tag` unless some copy of Keel already did. Returns whether this call defined it. */
export function defineElement(tag: string, constructor: CustomElementConstructor): boolean {
  if (customElements.get(tag)) return false;
  customElements.define(tag, constructor);
  return true;
}
