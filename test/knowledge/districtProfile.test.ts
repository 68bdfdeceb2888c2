import { describe, expect, it } from 'vitest';
import { parseDistrictProfile } from '../../src/knowledge/districtProfile.js';
import { shippedProfile } from '../helpers/testApp.js';

const VALID = `
district: { zh: 某区, en: Some District }
office: { zh: 某区人才办, en: Some District talent office }
timeZone: Europe/Berlin
greeting: { zh: 您好！, en: Hello! }
examples: { zh: [有补贴吗], en: [Is there a grant?] }
contact: { zh: 区人才办, en: the talent office }
web:
  pageTitle: { zh: 某区人才咨询, en: Some District talent assistant }
  widgetTitle: { zh: 某区咨询, en: Some District assistant }
persona: a chat-bot of Some District
`;

describe('the district profile', () => {
  it('ships a valid profile with an IANA time zone', async () => {
    const profile = await shippedProfile();
    expect(() => new Intl.DateTimeFormat('en', { timeZone: profile.timeZone })).not.toThrow();
    expect(profile.greeting.zh.length).toBeGreaterThan(0);
  });

  it('defaults the language to Chinese', () => {
    expect(parseDistrictProfile(VALID)).toMatchObject({ timeZone: 'Europe/Berlin', defaultLanguage: 'zh' });
  });

  it('refuses a fixed offset, an unknown zone, a missing name and unknown fields, naming each field', () => {
    for (const zone of ['+08:00', 'UTC+8', 'Mars/Olympus']) {
      expect(() => parseDistrictProfile(VALID.replace('Europe/Berlin', zone))).toThrow(/profile\.yaml: timeZone: expected an IANA time zone name/);
    }
    const broken = VALID.replace('district: { zh: 某区, en: Some District }', 'district: { zh: 某区 }').concat('colour: red\n');
    try {
      parseDistrictProfile(broken);
      expect.unreachable();
    } catch (error) {
      const where = (error as { issues: Array<{ where: string }> }).issues.map((i) => i.where);
      expect(where).toEqual(expect.arrayContaining(['profile.yaml: district.en', 'profile.yaml: profile']));
    }
  });
});
