import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createLlmMetrics } from '../../src/llm/llmMetrics.js';
import { createMetrics } from '../../src/metrics/createMetrics.js';
import { createTestApp } from '../helpers/testApp.js';

let app: App | undefined;
afterEach(async () => {
  await app?.http.close();
  app = undefined;
});

describe('GET /metrics', () => {
  it('counts requests by route and turns by channel and outcome, in Prometheus text', async () => {
    app = (await createTestApp()).app;
    const chat = (text: string, messageId?: string) =>
      app!.http.inject({ method: 'POST', url: '/api/chat', payload: { user: 'm', text, ...(messageId ? { messageId } : {}) } });
    await chat('买房有补贴吗', 'm-1');
    await chat('买房有补贴吗', 'm-1');
    await chat('Tell me a joke');
    const response = await app.http.inject({ url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    const text = response.body;
    expect(text).toContain('talentbot_turns_total{channel="web",outcome="answered"} 1');
    expect(text).toContain('talentbot_turns_total{channel="web",outcome="duplicate"} 1');
    expect(text).toContain('talentbot_turns_total{channel="web",outcome="fallback"} 1');
    expect(text).toMatch(/talentbot_http_request_duration_seconds_count\{method="POST",route="\/api\/chat",status_code="200"\} 3/);
  });

  it('exposes the event-loop delay with the process metrics', async () => {
    const metrics = createMetrics({ processMetrics: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const text = await metrics.render();
    expect(text).toMatch(/^talentbot_nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).toMatch(/^talentbot_nodejs_eventloop_lag_max_seconds \d/m);
  });

  it('reads the model counters at every scrape', async () => {
    const llm = createLlmMetrics();
    const metrics = createMetrics({ llm });
    llm.recordRejection('figure');
    expect(await metrics.render()).toContain('talentbot_llm_guard_rejections_total{reason="figure"} 1');
    llm.recordRejection('figure');
    expect(await metrics.render()).toContain('talentbot_llm_guard_rejections_total{reason="figure"} 2');
  });
});
