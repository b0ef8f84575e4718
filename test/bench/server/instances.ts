/**
 * Starts and stops benchmark servers (`instance.ts`) as child processes.
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { InstanceConfig, InstanceMessage, ParentMessage } from './instance.js';

export interface Instance {
  readonly url: string;
  readonly pid: number;
  /** Mints a portal session token with every capability for `customerId`. */
  token(customerId: string): Promise<string>;
  /** Asks the process to close its server and exit; kills it by pid if it has not exited in time. */
  stop(): Promise<void>;
}

const instanceFile = fileURLToPath(new URL('./instance.js', import.meta.url)).replace(/\.js$/, '.ts');
/** A server with PGlite needs a few seconds to create and seed its database. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;

function waitForMessage<T extends InstanceMessage>(child: ChildProcess, accept: (message: InstanceMessage) => message is T, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: InstanceMessage) => {
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`Benchmark server (pid ${child.pid}) failed while ${what}: ${message.message}`));
      } else if (accept(message)) {
        cleanup();
        resolve(message);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`Benchmark server (pid ${child.pid}) exited with code ${code} while ${what}.`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Benchmark server (pid ${child.pid}) timed out after ${timeoutMs} ms while ${what}.`));
    }, timeoutMs);
    function cleanup() {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    }
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Starts one benchmark server process and resolves once it listens on 127.0.0.1. */
export async function startInstance(config: InstanceConfig): Promise<Instance> {
  const child = fork(instanceFile, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KEEL_BENCH_INSTANCE: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let listening: Extract<InstanceMessage, { type: 'listening' }>;
  try {
    listening = await waitForMessage(child, (m): m is Extract<InstanceMessage, { type: 'listening' }> => m.type === 'listening', START_TIMEOUT_MS, 'starting');
  } catch (error) {
    if (child.exitCode === null) child.kill();
    throw error;
  }

  let nextRequestId = 0;
  let stopping: Promise<void> | null = null;
  return {
    url: listening.url,
    pid: child.pid ?? -1,
    async token(customerId) {
      const requestId = nextRequestId++;
      const reply = waitForMessage(
        child,
        (m): m is Extract<InstanceMessage, { type: 'token' }> => m.type === 'token' && m.requestId === requestId,
        STOP_TIMEOUT_MS,
        `minting a token for ${customerId}`,
      );
      child.send({ type: 'token', requestId, customerId } satisfies ParentMessage);
      return (await reply).token;
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null) return;
        child.send({ type: 'stop' } satisfies ParentMessage);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
