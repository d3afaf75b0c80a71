// Starts the loopback mock LLM server (test/fixtures/mockLlm/) for a test run or `npm start`. Its base URL reaches
// the extension host and the tests as PROMPTOPS_MOCK_LLM_URL.
import { startMockLlm, type MockLlm } from '../../test/fixtures/mockLlm/server';

export type { MockLlm };

/** Starts the mock LLM server on 127.0.0.1 with a free port. */
export async function startMockLlmServer(): Promise<MockLlm> {
  const mock = await startMockLlm({ port: 0 });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(mock.url)) {
    await mock.close();
    throw new Error(`the mock LLM server must listen on 127.0.0.1, it reported ${mock.url}`);
  }
  return mock;
}
