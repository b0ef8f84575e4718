import { ProviderError } from '../provider.js';

/** Raises the contract's `resource_missing` error for an absent object or another customer's object. */
export function missing(kind: string, id: string): ProviderError {
  return new ProviderError('resource_missing', `No ${kind} with id ${id}.`, 404, 'id');
}

/**
 * Runs `lookup` and reports a missing object under `param`, the request field
 * that named it, instead of the path's `id`.
 */
export async function missingAs<T>(param: string, lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof ProviderError && error.code === 'resource_missing') throw new ProviderError(error.code, error.message, error.status, param);
    throw error;
  }
}

/** Raises a 422 error for a value the engine cannot accept, naming the field. */
export function invalid(param: string, message: string, code = 'parameter_invalid'): ProviderError {
  return new ProviderError(code, message, 422, param);
}

/** Raises a 409 error for an operation the object's current state does not allow. */
export function conflict(code: string, message: string, param: string | null = null): ProviderError {
  return new ProviderError(code, message, 409, param);
}
