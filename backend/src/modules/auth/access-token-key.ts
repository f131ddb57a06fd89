import { createSecretKey, KeyObject } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { deriveKey } from '../../common/secret-box';

/**
 * The HMAC key of access tokens, for signing and verifying alike (JwtModule). A KeyObject, not a
 * Buffer: given a Buffer, jsonwebtoken first tries `createPublicKey` on it (which throws) and then
 * `createSecretKey`, on every request — about 1 ms of CPU each time.
 */
export const accessTokenKey = (config: AppConfig): KeyObject => createSecretKey(deriveKey(config.secretKey, 'jwt'));
