/**
 * The yardstick: a bare Node `http` server on the same machine that reads each request body
 * and answers one fixed JSON reply (`BARE_REPLY`, default a small chat reply), with no
 * framework, routing, validation or logging. `npm run bench` compares the bot with it.
 */
import { createServer } from 'node:http';

const body = Buffer.from(process.env.BARE_REPLY ?? '{"replies":[{"text":"ok","buttons":[],"sources":[]}],"fallback":false}');
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3100), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
