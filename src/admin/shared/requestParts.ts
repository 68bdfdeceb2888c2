/**
 * A console request's path parameters and query, read through zod instead of cast: a
 * parameter is a string (empty when absent, so the route answers "not found"), the query a
 * record of what the URL carried.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

const paramsSchema = z.record(z.string(), z.string()).catch({});
const querySchema = z.record(z.string(), z.unknown()).catch({});

/**
 * One path parameter (`/admin/entries/:slug` → `slug`).
 *
 * @returns the parameter, or '' when the route has none of that name
 */
export function routeParam(request: Pick<FastifyRequest, 'params'>, name: string): string {
  return paramsSchema.parse(request.params ?? {})[name] ?? '';
}

/** The query of a request as a record (Fastify's parser gives strings and arrays of them). */
export function queryOf(request: Pick<FastifyRequest, 'query'>): Readonly<Record<string, unknown>> {
  return querySchema.parse(request.query ?? {});
}
