/** The demo key registered by the test run's setup, as SOTTO_DEMO_API_KEY would. */
export const TEST_DEMO_API_KEY = 'sk_sandbox_test_demo_key_0123456789abcdef';
