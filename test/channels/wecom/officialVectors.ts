/**
 * Tencent's published WXBizMsgCrypt callback samples (copied from `../shared/wecom/official-vectors.json` to
 * `test/fixtures/wecom/official-vectors.json`): values nobody on this team chose.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/config/projectRoot.js';

/** Vector set A of Tencent's published callback samples (`test/fixtures/wecom/official-vectors.json`). */
export interface OfficialVectors {
  token: string;
  encodingAESKey: string;
  receiveId: string;
  verifyUrl: { msg_signature: string; timestamp: string; nonce: string; echostr_urlencoded: string; echostr: string; expected_plaintext: string; expected_random_hex: string };
  decryptMsg: { msg_signature: string; timestamp: string; nonce: string; post_body: string; expected_plaintext: string; expected_random_hex: string };
}

/** The published samples, set A. */
export const OFFICIAL_VECTORS = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'wecom', 'official-vectors.json'), 'utf8')) as { A: OfficialVectors }).A;
