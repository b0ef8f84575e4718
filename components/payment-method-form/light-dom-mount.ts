/**
 * A mount point for Stripe's Payment Element that lives in the document's
 * light DOM. Stripe Elements refuse to mount inside a shadow root, so the
 * form creates a container as its own light-DOM child and shows it through a
 * named slot in its shadow root.
 *
 * When the form itself sits in another element's shadow root (inside
 * `keel-payment-methods` or `keel-portal`), its light children are still in
 * that shadow tree. The container then moves up one host at a time: each
 * level leaves a `<slot>` in its place and the container becomes a light
 * child of the next host, until it reaches the document. The slots chain
 * the container's rendering back down to the form.
 */

let nextSlotId = 0;

export interface LightDomMount {
  /** The element to pass to `paymentElement.mount()`; its root node is the document. */
  readonly container: HTMLElement;
  /** Removes the container and every relay slot it needed. */
  release(): void;
}

/**
 * Creates the mount container as a light child of `host`, assigned to the
 * host's shadow slot named `slotName`, and relays it to the document when
 * `host` is inside shadow roots.
 */
export function createLightDomMount(host: HTMLElement, slotName: string): LightDomMount {
  const container = document.createElement('div');
  container.className = 'keel-stripe-mount';
  container.slot = slotName;
  host.append(container);

  const relays: HTMLSlotElement[] = [];
  let root = host.getRootNode();
  while (root instanceof ShadowRoot) {
    const outerHost = root.host as HTMLElement;
    const relay = document.createElement('slot');
    relay.name = `keel-stripe-mount-${++nextSlotId}`;
    relay.slot = container.slot;
    container.replaceWith(relay);
    container.slot = relay.name;
    outerHost.append(container);
    relays.push(relay);
    root = outerHost.getRootNode();
  }

  return {
    container,
    release() {
      container.remove();
      for (const relay of relays) relay.remove();
    },
  };
}
