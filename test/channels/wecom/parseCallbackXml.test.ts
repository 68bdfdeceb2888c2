import { describe, expect, it } from 'vitest';
import { MAX_CALLBACK_BODY_BYTES, parseCallbackXml } from '../../../src/channels/wecom/parseCallbackXml.js';
import { InputError } from '../../../src/shared/errors.js';

describe('parseCallbackXml', () => {
  it('reads the elements as exact strings', () => {
    expect(parseCallbackXml('<?xml version="1.0"?><xml><MsgId>4561255354251345929</MsgId><Content><![CDATA[a < b & "c"]]></Content><AgentID>0218</AgentID></xml>', 'body')).toEqual({
      MsgId: '4561255354251345929',
      Content: 'a < b & "c"',
      AgentID: '0218',
    });
  });

  it('refuses DOCTYPE and entity declarations, malformed XML, a missing root and oversized text', () => {
    const refused = [
      '<!DOCTYPE xml [<!ENTITY a "b">]><xml><Content>&a;</Content></xml>',
      '<!doctype xml SYSTEM "file:///etc/passwd"><xml/>',
      '<xml><Content>x</xml>',
      'plain text',
      '<other><Content>x</Content></other>',
      `<xml><Encrypt>${'A'.repeat(MAX_CALLBACK_BODY_BYTES)}</Encrypt></xml>`,
    ];
    for (const xml of refused) expect(() => parseCallbackXml(xml, 'body'), xml.slice(0, 40)).toThrow(InputError);
  });

  it('does not expand entities', () => {
    expect(parseCallbackXml('<xml><Content>&lt;&amp;</Content></xml>', 'body').Content).toBe('&lt;&amp;');
  });
});
