// Runs one runtime test module inside edged (tests/e2e/lib/run_js_test.mjs serves this Worker
// with TEST_MODULE set). Every export shaped `{ test(ctrl, env, ctx) }` is a test case, the
// workerd convention; the response lists each case's outcome.
export default {
  async fetch(request, env, ctx) {
    const tests = await import(env.TEST_MODULE);
    const results = [];
    for (const [name, value] of Object.entries(tests)) {
      if (typeof value?.test !== 'function') continue;
      try {
        await value.test({}, env, ctx);
        results.push({ name, ok: true });
      } catch (error) {
        results.push({ name, ok: false, error: String(error?.stack ?? error) });
      }
    }
    return Response.json(results);
  },
};
