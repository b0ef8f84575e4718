const LIT_PACKAGE = /\/node_modules\/(?:lit|lit-html|lit-element|@lit|@lit-labs)\//;

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (LIT_PACKAGE.test(result.url)) {
    throw new Error(`Lit must not load on the server: ${context.parentURL ?? 'the entry'} imports "${specifier}" (${result.url}).`);
  }
  return result;
}
