import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packKnowledgeArchive, unpackKnowledgeArchive } from '../../src/admin/publish/knowledgeArchive.js';
import { parseMultipart } from '../../src/admin/shared/parseMultipart.js';

const files = { 'topics.yaml': 'topics: []\n', 'entries/a-very-long-slug-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on.zh.md': '---\nid: x\n---\n中文 ✓\n' };

describe('knowledge archive', () => {
  it('round-trips texts exactly, gzipped or plain, with long names, and is reproducible', () => {
    const packed = packKnowledgeArchive({ files, regression: '{"id":"p1"}\n' }, Date.parse('2026-01-01T00:00:00Z'));
    expect(unpackKnowledgeArchive(packed)).toEqual({ files, regression: '{"id":"p1"}\n', ignored: [] });
    expect(unpackKnowledgeArchive(gunzipSync(packed)).files).toEqual(files);
    expect(packKnowledgeArchive({ files, regression: '{"id":"p1"}\n' }, Date.parse('2026-01-01T00:00:00Z'))).toEqual(packed);
  });

  it('refuses what is not an archive, or holds no content, and ignores stray files', () => {
    expect(() => unpackKnowledgeArchive(Buffer.from('hello'))).toThrow(/not a tar archive/);
    expect(() => unpackKnowledgeArchive(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).toThrow(/not a readable/);
    const tar = gunzipSync(packKnowledgeArchive({ files: { 'README.md': 'x' } as Record<string, string> }, 0));
    expect(() => unpackKnowledgeArchive(tar)).toThrow(/holds no knowledge files/);
  });
});

describe('parseMultipart', () => {
  it('reads fields and a binary file', () => {
    const body = Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\ntoken\r\n--b\r\nContent-Disposition: form-data; name="archive"; filename="k.tar.gz"\r\n\r\n'),
      Buffer.from([0, 1, 13, 10, 255]),
      Buffer.from('\r\n--b--\r\n'),
    ]);
    const parts = parseMultipart(body, 'multipart/form-data; boundary=b');
    expect(parts.map((p) => [p.name, p.filename, [...p.data]])).toEqual([
      ['_csrf', undefined, [...Buffer.from('token')]],
      ['archive', 'k.tar.gz', [0, 1, 13, 10, 255]],
    ]);
  });
});
