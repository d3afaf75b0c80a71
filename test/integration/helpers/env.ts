// Values the driver passes to the extension host through the environment.

/** Base URL of the loopback mock LLM server the driver started (test/fixtures/mockLlm/). */
export function mockLlmUrl(): string {
  const url = process.env.PROMPTOPS_MOCK_LLM_URL;
  if (!url) throw new Error('PROMPTOPS_MOCK_LLM_URL is not set: run the tests through `npm run test:integration`');
  return url;
}
