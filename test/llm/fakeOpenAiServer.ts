/**
 * A local OpenAI-compatible HTTP server that answers `POST …/chat/completions` with
 * scripted completions, so the real `ChatOpenAI` client (and the eval CLI in a child
 * process) can be tested end to end: correct answers, invented figures, slow answers,
 * malformed output, server errors. It records every request it received.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat completion request as received. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: Array<{ role: string; content: unknown }>;
    response_format?: { type: string };
    temperature?: number;
    [key: string]: unknown;
  };
}

/** What the server answers to one request. */
export interface ScriptedCompletion {
  /** The assistant message's content. */
  content?: string;
  /** Wait this long before answering, in milliseconds. */
  delayMs?: number;
  /** Never answer: the request stays open until the client gives up (or the server closes). */
  silent?: boolean;
  /** Answer with this HTTP status and an OpenAI-style error instead. */
  status?: number;
  /** Token counts reported in `usage`. Default 100 in, 20 out. */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** Decides the completion for a request; a list is answered in order (the last one repeats). */
export type Script = ScriptedCompletion[] | ((request: ReceivedRequest) => ScriptedCompletion);

/** A running fake server. */
export interface FakeOpenAiServer {
  /** The base URL to configure (`LLM_BASE_URL`), ending in `/v1`. */
  baseUrl: string;
  /** Every chat completion request received, in order. */
  requests: ReceivedRequest[];
  /** Replaces the script (and forgets earlier requests). */
  respondWith(script: Script): void;
  close(): Promise<void>;
}

/** The content of a grounded answer, as the model would write it. */
export function groundedContent(answer: string, sources: string[], answerable = true): string {
  return JSON.stringify({ answerable, answer, sources });
}

/** The text of the request's message with this role. */
export function messageOf(request: ReceivedRequest, role: 'system' | 'user'): string {
  const message = request.body.messages?.find((m) => m.role === role);
  return typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '');
}

/** The entries offered in a grounded-answer prompt: id and body, in order. */
export function entriesInPrompt(request: ReceivedRequest): Array<{ id: string; body: string }> {
  return [...messageOf(request, 'system').matchAll(/<entry id="([^"]+)"[^>]*>\n([\s\S]*?)\n<\/entry>/g)].map((m) => ({ id: m[1]!, body: m[2]! }));
}

/**
 * Starts the server on a free local port.
 *
 * @param script - the completions to answer with; default: an empty JSON object
 */
export async function startFakeOpenAiServer(script: Script = [{ content: '{}' }]): Promise<FakeOpenAiServer> {
  let current = script;
  let answered = 0;
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
        return;
      }
      const request: ReceivedRequest = { path: req.url, headers: req.headers, body: JSON.parse(raw) as ReceivedRequest['body'] };
      requests.push(request);
      const completion = Array.isArray(current) ? current[Math.min(answered, current.length - 1)]! : current(request);
      answered += 1;
      const send = () => {
        if (res.destroyed) return;
        if (completion.status && completion.status >= 400) {
          res.writeHead(completion.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
          return;
        }
        const usage = completion.usage ?? { prompt_tokens: 100, completion_tokens: 20 };
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `chatcmpl-${answered}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: request.body.model ?? 'fake',
            choices: [{ index: 0, message: { role: 'assistant', content: completion.content ?? '' }, finish_reason: 'stop' }],
            usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
          }),
        );
      };
      if (completion.silent) return;
      if (completion.delayMs) {
        const timer = setTimeout(send, completion.delayMs);
        res.once('close', () => clearTimeout(timer));
      } else {
        send();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(script) {
      current = script;
      answered = 0;
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
