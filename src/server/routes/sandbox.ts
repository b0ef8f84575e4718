import { ErrorCode } from '../../contract/errors.js';
import { KeelHttpError } from '../errors.js';
import type { SandboxControls } from '../providers/provider.js';
import type { RouteEnvironment } from './define.js';
import { defineRoutes } from './define.js';

const UNIT_SECONDS = { m: 60, h: 60 * 60, d: 24 * 60 * 60, w: 7 * 24 * 60 * 60 } as const;

/** Convert a clock duration such as `30m`, `12h`, `7d` or `2w` to seconds. */
export function parseClockDuration(duration: string): number {
  const match = /^(\d{1,4})([mhdw])$/.exec(duration);
  if (!match) {
    throw new KeelHttpError(400, ErrorCode.parameterInvalid, `"duration" must be a number followed by m, h, d or w, such as "7d"; got "${duration}".`, {
      param: 'duration',
    });
  }
  return Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
}

function sandboxOf(env: RouteEnvironment): SandboxControls {
  if (!env.provider.sandbox) {
    throw new KeelHttpError(404, ErrorCode.sandboxOnly, 'This operation exists only when the server runs the sandbox provider.');
  }
  return env.provider.sandbox;
}

export const adminRoutes = defineRoutes({
  'admin.retentionStats': {
    objectType: null,
    handle: ({ env }) => env.provider.retentionStats(),
  },
  'sandbox.customers': {
    objectType: null,
    async handle({ env }) {
      const customers = await sandboxOf(env).listCustomers();
      return { object: 'list' as const, data: customers, has_more: false as const, next_cursor: null };
    },
  },
  'sandbox.clock': {
    objectType: 'test_clock',
    handle: ({ env }) => sandboxOf(env).getClock(),
  },
  'sandbox.advanceClock': {
    objectType: 'test_clock',
    async handle({ env, body, audit }) {
      const sandbox = sandboxOf(env);
      const seconds = parseClockDuration(body.duration);
      audit.before = await sandbox.getClock();
      const clock = await sandbox.advanceClock(seconds);
      audit.after = clock;
      return clock;
    },
  },
  'sandbox.simulateBankTransfer': {
    objectType: 'customer',
    async handle({ env, body, audit }) {
      audit.objectId = body.customer_id;
      const simulation = await sandboxOf(env).simulateBankTransfer(body);
      audit.after = simulation;
      return simulation;
    },
  },
  'sandbox.payKonbiniVoucher': {
    objectType: 'konbini_voucher',
    async handle({ env, params, audit }) {
      const voucher = await sandboxOf(env).payKonbiniVoucher(params.id as string);
      audit.after = voucher;
      return voucher;
    },
  },
});
