/**
 * Outside the Functions host, `@azure/functions` warns once per registered function that it runs in
 * "test mode". The local runner calls the handlers itself, so those lines say nothing useful there.
 */
const TEST_MODE_NOTICE = /^WARNING: (Failed to detect the Azure Functions runtime|Skipping call to register)/;

const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && TEST_MODE_NOTICE.test(args[0])) return;
  warn(...args);
};
