/**
 * Reads the flat XML documents WeCom posts to the callback URL (the `<xml><Encrypt/></xml>`
 * envelope and the decrypted message inside it), refusing anything that could make a
 * parser do more work than the text's size: DOCTYPE and entity declarations are rejected
 * before parsing, entity expansion is off, and the size is limited.
 *
 * Parsing uses fast-xml-parser with `processEntities: false`, no attributes and no value
 * conversion, so ids such as `MsgId` (larger than 2^53) stay exact strings.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../shared/errors.js';

/** Largest callback body accepted, in bytes. WeCom's envelopes are a few kilobytes. */
export const MAX_CALLBACK_BODY_BYTES = 32 * 1024;

/** A DOCTYPE or ENTITY declaration anywhere in the text (also inside CDATA: WeCom never sends one). */
const DECLARATION = /<!\s*(?:DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 8,
});

/**
 * Parses `<xml>…</xml>` into its child elements' text, e.g. `{ Encrypt: "…", AgentID: "218" }`.
 * Nested elements (which WeCom's callbacks do not use) are left out.
 *
 * @param xml - the document
 * @param where - how to name the document in errors, e.g. "body" or "decrypted message"
 * @throws InputError when the text is too large, declares a DOCTYPE or entities, is not
 *   well-formed XML, or has no `<xml>` root
 */
export function parseCallbackXml(xml: string, where: string): Record<string, string> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_CALLBACK_BODY_BYTES) {
    throw new InputError(where, `the XML is larger than ${MAX_CALLBACK_BODY_BYTES} bytes`);
  }
  if (DECLARATION.test(xml)) throw new InputError(where, 'XML with a DOCTYPE or entity declaration is refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new InputError(where, `the XML is malformed: ${valid.err.msg} (line ${valid.err.line})`);
  const document = parser.parse(xml) as { xml?: unknown };
  const root = document.xml;
  if (root === '') return {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new InputError(where, 'expected an <xml> root element');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}
