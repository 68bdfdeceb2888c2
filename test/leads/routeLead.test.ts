import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/shared/clock.js';
import { ASSIGNMENT_COUNTS_KEY, routeLead } from '../../src/leads/routeLead.js';
import type { LeadRecord } from '../../src/leads/leadRecord.js';
import { createMemoryStore } from '../../src/store/memoryStore.js';
import { partnersFrom } from './leadTestKit.js';

const partners = partnersFrom(`
partners:
  - { id: office, name: Office, fallback: true }
  - { id: ic-b, name: IC B, industries: [integrated_circuits] }
  - { id: ic-a, name: IC A, industries: [integrated_circuits, electronic_information] }
  - { id: energy-overseas, name: Energy, industries: [new_energy], regions: [overseas] }
`);

function setup() {
  const store = createMemoryStore(createManualClock('2026-03-01T00:00:00Z'));
  const route = (lead: Partial<Pick<LeadRecord, 'outcome' | 'answers' | 'keepInformed'>>) =>
    routeLead({ outcome: 'qualified', answers: {}, keepInformed: false, ...lead }, { partners, state: store.state }).then((p) => p?.id);
  return { store, route };
}

describe('routing', () => {
  it('routes by industry', async () => {
    const { route } = setup();
    expect(await route({ answers: { industry: 'electronic_information' } })).toBe('ic-a');
  });

  it('spreads evenly among equal partners, ties by id, counting in the state store', async () => {
    const { route, store } = setup();
    const chosen = [];
    for (let i = 0; i < 5; i++) chosen.push(await route({ answers: { industry: 'integrated_circuits' } }));
    expect(chosen).toEqual(['ic-a', 'ic-b', 'ic-a', 'ic-b', 'ic-a']);
    expect(await store.state.get(ASSIGNMENT_COUNTS_KEY)).toEqual({ 'ic-a': 3, 'ic-b': 2 });
  });

  it('spreads concurrent leads evenly too', async () => {
    const { route } = setup();
    const chosen = await Promise.all(Array.from({ length: 6 }, () => route({ answers: { industry: 'integrated_circuits' } })));
    expect(chosen.filter((id) => id === 'ic-a')).toHaveLength(3);
  });

  it('respects regions when the lead has an event region', async () => {
    const { route } = setup();
    expect(await route({ answers: { industry: 'new_energy', event_region: 'overseas' } })).toBe('energy-overseas');
    expect(await route({ answers: { industry: 'new_energy', event_region: 'domestic' } })).toBe('office');
    expect(await route({ answers: { industry: 'new_energy' } })).toBe('energy-overseas');
  });

  it('falls back to the talent office when nobody matches', async () => {
    const { route } = setup();
    expect(await route({ answers: { industry: 'synthetic_biology' } })).toBe('office');
    expect(await route({ answers: {} })).toBe('office');
  });

  it('sends needs_review and handoff to the office, and routes not_a_fit only when kept informed', async () => {
    const { route } = setup();
    expect(await route({ outcome: 'needs_review', answers: { industry: 'integrated_circuits' } })).toBe('office');
    expect(await route({ outcome: 'handoff', answers: { industry: 'integrated_circuits' } })).toBe('office');
    expect(await route({ outcome: 'not_a_fit', answers: { industry: 'integrated_circuits' } })).toBeUndefined();
    expect(await route({ outcome: 'not_a_fit', answers: { industry: 'integrated_circuits' }, keepInformed: true })).toBe('office');
  });
});
