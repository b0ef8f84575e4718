// Preloaded with `node --import` to fail every import that resolves into Lit,
// so a server entry that pulls in browser code fails at load time.
import { register } from 'node:module';

register('./lit-guard-hooks.mjs', import.meta.url);
