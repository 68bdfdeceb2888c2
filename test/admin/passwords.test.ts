import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/admin/publish/diffLines.js';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword } from '../../src/admin/accounts/passwords.js';

describe('passwords', () => {
  it('hashes with scrypt, a random salt and the parameters stored', async () => {
    const a = await hashPassword('correct horse battery', 2 ** 10);
    const b = await hashPassword('correct horse battery', 2 ** 10);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AA==$AA==')).toBe(false);
  });

  it('uses 2^17 by default (OWASP)', async () => {
    expect(DEFAULT_SCRYPT_COST).toBe(131072);
    const hash = await hashPassword('a long enough password');
    expect(hash.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('a long enough password', hash)).toBe(true);
  });
});

describe('diffLines', () => {
  it('shows removed then added lines with context and gaps', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n');
    expect(diffLines(before, after, 1)).toEqual([
      { kind: 'gap', text: '…' },
      { kind: 'same', text: 'd' },
      { kind: 'removed', text: 'e' },
      { kind: 'added', text: 'E' },
      { kind: 'same', text: 'f' },
      { kind: 'gap', text: '…' },
    ]);
    expect(diffLines('x', 'x')).toEqual([{ kind: 'gap', text: '…' }]);
  });
});
