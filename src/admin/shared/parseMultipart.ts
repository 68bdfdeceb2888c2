/**
 * Reads a `multipart/form-data` body (the import form: a CSRF field and one file), so the
 * upload works without JavaScript and without a package. Small bodies only: the route's
 * body limit applies before this runs.
 */
import { InputError } from '../../shared/errors.js';

/** One part of a multipart body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  data: Buffer;
}

/**
 * Splits a multipart body into its parts.
 *
 * @param body - the raw body
 * @param contentType - the request's content-type header, which names the boundary
 * @throws InputError when the body is not well-formed multipart
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  if (!token) throw new InputError('body', 'expected multipart/form-data with a boundary');
  const delimiter = Buffer.from(`--${token}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new InputError('body', 'the multipart boundary is missing from the body');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    position += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd < 0) throw new InputError('body', 'a multipart part has no header end');
    const headers = body.subarray(position, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new InputError('body', 'a multipart part is not closed');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) parts.push({ name, ...(filename !== undefined ? { filename } : {}), data: body.subarray(headerEnd + 4, next) });
    position = next + 2;
  }
  return parts;
}
