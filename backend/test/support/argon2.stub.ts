/**
 * What unit tests get for `argon2` (see `moduleNameMapper` in backend/jest.config.js). Unit tests
 * never hash passwords — the services that do are mocked in controller specs and run for real in the
 * end-to-end suite — so loading the native addon would only cost time, and its 0.45.1 prebuilt
 * binary for linux-x64 asks for a Node-API version that Node 20.20 refuses with a crash (SIGSEGV)
 * on load. Any use fails loudly.
 */
const unavailable = (name: string) => () => {
  throw new Error(`argon2.${name} is not available in unit tests: mock the service that hashes passwords`);
};

export const argon2id = 2;
export const hash = unavailable('hash');
export const verify = unavailable('verify');
export const needsRehash = unavailable('needsRehash');
