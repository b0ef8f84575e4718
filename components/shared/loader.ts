/**
 * Loads an element's data once its environment is ready, reloads it on
 * `reload()`, aborts the request in flight when a newer one starts or the
 * element disconnects, and drops results that arrive late.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export class DataLoader<T> implements ReactiveController {
  status: LoadStatus = 'idle';
  value?: T;
  error?: unknown;

  private abort?: AbortController;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: (signal: AbortSignal) => Promise<T>,
  ) {
    host.addController(this);
  }

  /**
   * Starts a load. With `keepValue`, the last value stays on screen while the
   * new one loads, so a background refresh does not flash a spinner.
   */
  async reload({ keepValue = false } = {}): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const generation = ++this.generation;

    if (!keepValue || this.value === undefined) this.status = 'loading';
    this.error = undefined;
    this.host.requestUpdate();

    try {
      const value = await this.load(abort.signal);
      if (generation !== this.generation) return;
      this.value = value;
      this.status = 'ready';
    } catch (error) {
      if (generation !== this.generation || abort.signal.aborted) return;
      this.error = error;
      this.status = 'error';
    }
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.abort?.abort();
    this.generation += 1;
    if (this.status === 'loading') this.status = 'idle';
  }
}
