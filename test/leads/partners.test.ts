import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/projectRoot.js';
import { InputError } from '../../src/shared/errors.js';
import { loadPartners, parsePartners } from '../../src/leads/partners.js';
import { makeWebhookSecret } from './leadTestKit.js';

const VALID = `
partners:
  - id: talent-office
    name: 武进区人才工作部门
    fallback: true
  - id: ic-partner
    name: 集成电路引才合伙人
    industries: [integrated_circuits, electronic_information]
    ackWithinHours: 12
    delivery:
      - type: webhook
        url: https://partner.example.invalid/leads
        secretEnv: IC_SECRET
      - type: wecom_robot
        keyEnv: IC_ROBOT_KEY
      - type: telegram
        chatId: -1001234567890
`;

function problems(text: string, env: Record<string, string | undefined> = {}): Array<{ where: string; problem: string }> {
  try {
    parsePartners(text, 'partners.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).issues];
  }
  throw new Error('expected the partners file to be refused');
}

/** The office of a district profile, named by the built-in fallback. */
const OFFICE = { zh: '某区人才工作部门', en: 'Some District talent office' };

describe('partners file', () => {
  it('loads a valid file with defaults and reads the named secrets', () => {
    const secret = makeWebhookSecret();
    const loaded = parsePartners(VALID, 'partners.yaml', { IC_SECRET: secret, IC_ROBOT_KEY: 'robot-key' });
    expect(loaded.fallback.id).toBe('talent-office');
    expect(loaded.get('ic-partner')).toMatchObject({ regions: [], fallback: false, ackWithinHours: 12 });
    expect(loaded.get('talent-office')).toMatchObject({ industries: [], delivery: [], ackWithinHours: 24 });
    expect(loaded.readSecret('IC_SECRET')).toBe(secret);
    expect(loaded.readSecret('PATH')).toBeUndefined();
    expect(loaded.warnings).toEqual([expect.stringContaining('talent-office has no delivery methods')]);
  });

  it('names the file and the field of each problem', () => {
    const found = problems(`
partners:
  - id: ic-partner
    name: IC
    industries: [integrated_circuits, quantum]
    fallback: true
    delivery:
      - type: webhook
        url: ftp://partner.example.invalid
        secretEnv: IC_SECRET
      - type: pigeon
`);
    const where = found.map((p) => p.where);
    expect(where).toContain('partners.yaml: partners.0 (ic-partner).industries.1');
    expect(where).toContain('partners.yaml: partners.0 (ic-partner).delivery.0.url');
    expect(where).toContain('partners.yaml: partners.0 (ic-partner).delivery.1.type');
  });

  it('refuses unknown fields, so typos do not pass silently', () => {
    const found = problems(`
partners:
  - id: office
    name: Office
    fallback: true
    ackWithinHour: 12
`);
    expect(found[0]!.where).toBe('partners.yaml: partners.0 (office)');
    expect(found[0]!.problem).toContain('ackWithinHour');
  });

  it('wants exactly one fallback partner', () => {
    const none = problems(`
partners:
  - { id: a, name: A, industries: [new_energy] }
`);
    expect(none).toEqual([{ where: 'partners.yaml: partners', problem: expect.stringContaining('no partner has fallback: true') }]);
    const two = problems(`
partners:
  - { id: a, name: A, fallback: true }
  - { id: b, name: B, fallback: true }
`);
    expect(two[0]!.problem).toContain('2 partners have fallback: true (a, b)');
  });

  it('wants unique ids and industries for non-fallback partners', () => {
    const found = problems(`
partners:
  - { id: office, name: Office, fallback: true }
  - { id: a, name: A, industries: [new_energy] }
  - { id: a, name: A again }
`);
    expect(found.map((p) => p.where)).toEqual(['partners.yaml: partners.2 (a).id', 'partners.yaml: partners.2 (a).industries']);
  });

  it('checks that every secretEnv / keyEnv is set and webhook secrets look like whsec_<base64>, never echoing them', () => {
    const unset = problems(VALID, { IC_ROBOT_KEY: 'k' });
    expect(unset).toEqual([{ where: 'partners.yaml: partners.1 (ic-partner).delivery.0.secretEnv', problem: expect.stringContaining('IC_SECRET is not set') }]);
    const noRobot = problems(VALID, { IC_SECRET: makeWebhookSecret() });
    expect(noRobot[0]!.where).toBe('partners.yaml: partners.1 (ic-partner).delivery.1.keyEnv');
    for (const bad of ['supersecretvalue', 'whsec_not base64!', `whsec_${Buffer.alloc(8).toString('base64')}`]) {
      const found = problems(VALID, { IC_SECRET: bad, IC_ROBOT_KEY: 'k' });
      expect(found[0]!.where).toBe('partners.yaml: partners.1 (ic-partner).delivery.0.secretEnv');
      expect(found[0]!.problem).toContain('whsec_');
      expect(JSON.stringify(found)).not.toContain(bad);
    }
  });

  it('wants the name of a variable, not a secret, in secretEnv', () => {
    const found = problems(VALID.replace('secretEnv: IC_SECRET', 'secretEnv: whsec_abc+def='), { IC_ROBOT_KEY: 'k' });
    expect(found[0]!.where).toBe('partners.yaml: partners.1 (ic-partner).delivery.0.secretEnv');
    expect(found[0]!.problem).toContain('NAME of an environment variable');
  });

  it('reports bad YAML and an unreadable file by file name', async () => {
    expect(problems('partners: [')[0]!.where).toBe('partners.yaml');
    await expect(loadPartners('/nonexistent/partners.yaml', {}, OFFICE)).rejects.toMatchObject({ where: '/nonexistent/partners.yaml' });
  });

  it('with no file, has the built-in talent office and a warning', async () => {
    const loaded = await loadPartners(undefined, {}, OFFICE);
    expect(loaded.partners).toHaveLength(1);
    expect(loaded.fallback).toMatchObject({ id: 'talent-office', fallback: true, delivery: [] });
    expect(loaded.fallback.name).toBe(`${OFFICE.zh} / ${OFFICE.en}`);
    expect(loaded.warnings[0]).toContain('leads are stored but not delivered until PARTNERS_FILE is set');
  });

  it('loads a file from disk', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'partners-'));
    const file = path.join(dir, 'partners.yaml');
    await writeFile(file, VALID);
    const loaded = await loadPartners(file, { IC_SECRET: makeWebhookSecret(), IC_ROBOT_KEY: 'k' }, OFFICE);
    expect(loaded.partners.map((p) => p.id)).toEqual(['talent-office', 'ic-partner']);
  });

  it('takes WeCom app members (wecom_app users) and names a bad UserID or an empty list', () => {
    const file = (users: string) => `
partners:
  - id: office
    name: 人才办
    fallback: true
    delivery: [{ type: wecom_app, users: ${users} }]
`;
    expect(parsePartners(file('[zhangsan, li.si]'), 'partners.yaml', {}).fallback.delivery).toEqual([{ type: 'wecom_app', users: ['zhangsan', 'li.si'] }]);
    expect(problems(file('[]'))[0]).toMatchObject({ where: 'partners.yaml: partners.0 (office).delivery.0.users', problem: 'name at least one member' });
    expect(problems(file('["张 三"]'))[0]!.problem).toContain('WeCom member UserID');
  });

  it('ships a valid partners.example.yaml', async () => {
    const env = {
      TALENT_OFFICE_WEBHOOK_SECRET: makeWebhookSecret(),
      TALENT_OFFICE_ROBOT_KEY: 'k1',
      IC_PARTNER_WEBHOOK_SECRET: makeWebhookSecret(),
      IC_PARTNER_ROBOT_KEY: 'k2',
      ENERGY_PARTNER_WEBHOOK_SECRET: makeWebhookSecret(),
    };
    const loaded = await loadPartners(path.join(PROJECT_ROOT, 'partners.example.yaml'), env, OFFICE);
    expect(loaded.fallback.id).toBe('talent-office');
    expect(loaded.warnings).toEqual([]);
  });
});
