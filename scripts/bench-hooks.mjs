// Module hooks for the bench (registered by bench-register.mjs): outside Next there is no request,
// so the session module is swapped for scripts/bench-session.ts, and "server-only" for an empty module.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.split("?")[0].endsWith("/lib/auth/session.ts")) return nextResolve("./bench-session.ts", { ...context, parentURL: import.meta.url });
  if (/\/node_modules\/server-only\/[^/]*\.js$/.test(resolved.url)) return nextResolve("./bench-empty.mjs", { ...context, parentURL: import.meta.url });
  return resolved;
}
