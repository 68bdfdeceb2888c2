/**
 * Everything the engine says that is not knowledge content: menus, the fallback, notes.
 * Each text exists in both languages. None of these texts states a policy fact.
 */
import type { Language } from '../knowledge/schema.js';

/** UI texts of one language. */
export interface EngineTexts {
  menu: string;
  menuButtons: { label: string; action: string }[];
  switchLanguageButton: { label: string; action: string };
  languageSwitched: string;
  fallback: string;
  askPerson: string;
  showMenu: string;
  needsReviewNote: string;
  emptyMessage: string;
  unknownAction: string;
}

/** UI texts by language. */
export const ENGINE_TEXTS: Record<Language, EngineTexts> = {
  zh: {
    menu: [
      '您好！我是武进区“以赛聚才”咨询助手，回答都来自已公开的官方资料，并注明出处和日期。',
      '您可以直接提问，例如“买房有补贴吗”“人才贷是什么”，或点下面的按钮：',
    ].join('\n'),
    menuButtons: [
      { label: '“一揽子”人才政策', action: 'topic:talent_package' },
      { label: '赛事日历', action: 'topic:calendar' },
      { label: '重点产业', action: 'topic:target_industries' },
      { label: '参赛与申报', action: 'topic:eligibility' },
      { label: '联系工作人员', action: 'topic:human_contact' },
    ],
    switchLanguageButton: { label: 'English', action: 'lang:en' },
    languageSwitched: '已切换为中文。',
    fallback:
      '抱歉，这个问题我在现有的官方资料里找不到可靠的答案，为避免给您不准确的信息，我不作推测。您可以换个说法再问，或联系工作人员。',
    askPerson: '联系工作人员',
    showMenu: '查看菜单',
    needsReviewNote: '（本条部分信息尚待人才工作部门核实，具体请以工作人员确认为准。）',
    emptyMessage: '请输入您的问题，或发送“菜单”查看我能做什么。',
    unknownAction: '这个按钮已失效，请重新选择。',
  },
  en: {
    menu: [
      "Hello! I answer questions about Wujin District's talent competitions (以赛聚才). Every answer comes from published official material, with its source and date.",
      'Ask a question such as "Is there a subsidy for buying a home?", or choose below:',
    ].join('\n'),
    menuButtons: [
      { label: 'Talent package', action: 'topic:talent_package' },
      { label: 'Event calendar', action: 'topic:calendar' },
      { label: 'Target industries', action: 'topic:target_industries' },
      { label: 'How to take part', action: 'topic:eligibility' },
      { label: 'Talk to a person', action: 'topic:human_contact' },
    ],
    switchLanguageButton: { label: '中文', action: 'lang:zh' },
    languageSwitched: 'Switched to English.',
    fallback:
      "Sorry, I could not find a reliable answer to that in the official material I have, and I will not guess. You can rephrase the question or talk to a person.",
    askPerson: 'Talk to a person',
    showMenu: 'Menu',
    needsReviewNote: '(Part of this entry is still being confirmed by the talent office; please check the details with staff.)',
    emptyMessage: 'Type your question, or send "menu" to see what I can do.',
    unknownAction: 'That button is no longer valid; please choose again.',
  },
};
