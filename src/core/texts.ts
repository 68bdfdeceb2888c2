/**
 * Everything the engine says that is not knowledge content: menus, the fallback, notes.
 * Each text exists in both languages. None of these texts states a policy fact, and none
 * names a district: the greeting and the follow-up contact come from the district profile
 * (`knowledge/profile.yaml`) and are passed in.
 */
import type { Language } from '../knowledge/schema.js';

/** UI texts of one language. */
export interface EngineTexts {
  /**
   * The menu's text: the profile's greeting (its first line) and example questions, in this
   * language, and last the notice of the conversation logs when they are kept (`logNotice`).
   */
  menu: (wording: { greeting: string; examples: readonly string[]; notice?: string }) => string;
  /** The welcome's notice that conversations are kept, anonymised, for `days` days for staff (the console's conversation logs). */
  logNotice: (days: number) => string;
  menuButtons: { label: string; action: string }[];
  switchLanguageButton: { label: string; action: string };
  languageSwitched: string;
  fallback: string;
  askPerson: string;
  showMenu: string;
  needsReviewNote: string;
  emptyMessage: string;
  unknownAction: string;
  /** Flows. */
  continueFlow: string;
  flowExpired: string;
  flowGone: string;
  /** A check quit after consent: its answers are kept for going on later. */
  flowPaused: string;
  offerPerson: string;
  answeredInFlow: string;
  reasonsHeading: string;
  /** `contact`: the profile's follow-up contact, as it reads inside a sentence. */
  sentTo: (partner: string, withinHours: number, contact: string) => string;
  /** The reference of a submitted application, for "my data" and for speaking with staff. */
  reference: (id: string) => string;
  stored: string;
  nothingToKeepInformed: string;
  keptInformed: string;
  leadsUnavailable: string;
  /** Privacy. */
  myDataEmpty: string;
  myDataHeading: string;
  myDataFlow: string;
  myDataPrefill: string;
  myDataLead: (lead: { created: string; outcome: string; status: string; reference: string }) => string;
  forgetConfirm: string;
  /** Shows what is stored ("my data"). */
  myDataButton: string;
  /** Under "my data": opens the confirmation (it erases nothing yet). */
  askForgetButton: string;
  /** In the confirmation: erases. */
  forgetButton: string;
  keepButton: string;
  forgotten: (leads: number) => string;
  forgetKept: string;
  outcomeNames: Record<string, string>;
  statusNames: Record<string, string>;
  /** Understanding. */
  notStated: (what: string, entryTitle: string) => string;
  offerCheck: string;
  prefilled: string;
  noted: string;
  chooseFrom: string;
  backToQuestion: string;
  flowKept: string;
  alsoAbout: (title: string) => string;
  suggest: string;
}

/** UI texts by language. */
export const ENGINE_TEXTS: Record<Language, EngineTexts> = {
  zh: {
    menu: ({ greeting, examples, notice }) => [
      greeting,
      `您可以直接提问，例如${examples.map((q) => `“${q}”`).join('')}，或点下面的按钮。`,
      '发送“我的信息”可查看、发送“删除我的信息”可删除我们保存的您的个人信息。',
      ...(notice ? [notice] : []),
    ].join('\n'),
    logNotice: (days) => `为改进服务，此后的对话会在去除手机号、邮箱以及您填写的姓名、联系方式等个人信息后保存 ${days} 天，仅供工作人员查看；发送“删除我的信息”也会删除这些记录。`,
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
    continueFlow: '继续填写',
    flowExpired: '您之前未完成的填写已超过保存期限，已清除。需要的话可以重新开始。',
    flowPaused: '已退出资格初筛。已填写的内容暂时保留，之后发送“继续”可以接着填；发送“删除我的信息”可随时删除。',
    flowGone: '这一步已经结束或已过期。',
    offerPerson: '好像不太顺利。需要的话，可以请工作人员联系您，或者继续回答。',
    answeredInFlow: '回到刚才的问题：',
    reasonsHeading: '判断依据：',
    sentTo: (partner, hours, contact) => `您的信息已转交给：${partner}。对方会在 ${hours} 小时内确认收到，并通过您留下的联系方式与您联系；如超时未确认，${contact}会跟进。`,
    reference: (id) => `您的申请编号：${id}（联系工作人员时可提供；发送“我的信息”可随时查看）。`,
    stored: '您的信息已记录。',
    nothingToKeepInformed: '没有找到您的申请记录，请先完成资格初筛。',
    keptInformed: '好的，有新的赛事或活动时，工作人员会通过您留下的联系方式通知您。',
    leadsUnavailable: '暂时无法提交，请稍后再试。',
    myDataEmpty: '目前没有保存您的任何个人信息。',
    myDataHeading: '我们保存的关于您的信息：',
    myDataFlow: '正在填写的资格初筛：',
    myDataPrefill: '您介绍的情况（仅用于同意后预填资格初筛）：',
    myDataLead: (l) => `- 申请 ${l.reference}（${l.created}）：初步判断“${l.outcome}”，状态“${l.status}”`,
    forgetConfirm: '确定要删除您的全部信息吗？包括对话记录和已提交的申请中的个人信息；已收到申请的合伙人会收到删除通知。',
    myDataButton: '查看我的信息',
    askForgetButton: '删除我的信息…',
    forgetButton: '确认删除',
    keepButton: '不删除',
    forgotten: (n) => `已删除您的信息${n ? `，包括 ${n} 条申请中的个人信息，并已通知收到过申请的合伙人` : ''}。`,
    forgetKept: '好的，没有删除任何信息。',
    outcomeNames: { qualified: '方向相符', needs_review: '需工作人员判断', not_a_fit: '暂不匹配', handoff: '请工作人员联系' },
    statusNames: { new: '已提交', delivered: '已转交', acknowledged: '合伙人已接收', contacted: '已联系', in_talks: '洽谈中', landed: '已落地', declined: '已结束', erased: '已删除' },
    notStated: (what, title) => `我查了《${title}》这条资料，里面没有写明${what}，我不作推测。具体请向工作人员确认，需要的话可以请工作人员联系您。`,
    offerCheck: '需要的话，我可以帮您做一次参赛资格初筛，您刚才说的情况会直接带入，不用再答一遍。',
    prefilled: '根据您前面的介绍，我已记下以下信息（最后核对时可以修改）：',
    noted: '已记下：',
    chooseFrom: '可选：',
    backToQuestion: '我们接着刚才的问题：',
    flowKept: '您填写的内容会保留，回来后发送“继续”即可接着填。',
    alsoAbout: (title) => `您还问到“${title}”：`,
    suggest: '抱歉，我不确定您问的是哪一项，为避免答错，先不作回答。您是想了解下面哪一项？也可以换个说法再问，或联系工作人员。',
  },
  en: {
    menu: ({ greeting, examples, notice }) => [
      greeting,
      `Ask a question such as ${examples.map((q) => `"${q}"`).join(' or ')}, or choose below.`,
      'Send "my data" to see, or "forget me" to erase, the personal data we keep about you.',
      ...(notice ? [notice] : []),
    ].join('\n'),
    logNotice: (days) => `To improve the service, this conversation from now on is kept for ${days} days for staff only, with phone numbers, e-mail addresses, the name you give and other personal data removed; "forget me" deletes it too.`,
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
    continueFlow: 'Continue',
    flowExpired: 'Your unfinished answers were kept for too long and have been cleared. You can start again at any time.',
    flowPaused: 'You left the check. Your answers so far are kept for now: send "continue" to go on later, or "forget me" to erase them at any time.',
    flowGone: 'That step has ended or expired.',
    offerPerson: 'This does not seem to be working. If you like, staff can contact you — or keep answering.',
    answeredInFlow: 'Back to the question:',
    reasonsHeading: 'Why:',
    sentTo: (partner, hours, contact) => `Your details have been passed to ${partner}, who will confirm receipt within ${hours} hours and contact you using the details you left; if they do not, ${contact} follows up.`,
    reference: (id) => `Your application reference: ${id} (quote it when you speak with staff; send "my data" to see it at any time).`,
    stored: 'Your details have been recorded.',
    nothingToKeepInformed: 'I found no application of yours; please complete the eligibility check first.',
    keptInformed: 'Done: staff will let you know about new competitions and events using the details you left.',
    leadsUnavailable: 'Submitting is not possible right now; please try again shortly.',
    myDataEmpty: 'Nothing personal about you is stored.',
    myDataHeading: 'What we store about you:',
    myDataFlow: 'Eligibility check in progress:',
    myDataPrefill: 'What you told me about yourself (kept only to fill in the eligibility check after you agree):',
    myDataLead: (l) => `- Application ${l.reference} (${l.created}): first assessment "${l.outcome}", status "${l.status}"`,
    forgetConfirm: 'Erase all your data? This includes this conversation and the personal data of your applications; partners who received an application will be told to erase it too.',
    myDataButton: 'See my data',
    askForgetButton: 'Erase my data…',
    forgetButton: 'Yes, erase',
    keepButton: 'Keep it',
    forgotten: (n) => `Your data has been erased${n ? `, including the personal data of ${n} application(s); the partners who received them have been notified` : ''}.`,
    forgetKept: 'All right, nothing was erased.',
    outcomeNames: { qualified: 'fits', needs_review: 'to be reviewed by staff', not_a_fit: 'not a fit for now', handoff: 'contact request' },
    statusNames: { new: 'submitted', delivered: 'passed on', acknowledged: 'received by the partner', contacted: 'contacted', in_talks: 'in talks', landed: 'landed', declined: 'closed', erased: 'erased' },
    notStated: (what, title) => `I checked the entry "${title}": it does not state ${what}, and I will not guess. Please confirm it with staff — I can ask them to contact you.`,
    offerCheck: 'If you like, I can run a quick eligibility check with you; what you just told me is filled in, so you will not be asked again.',
    prefilled: 'From what you told me, I have noted (you can change anything when we review your answers at the end):',
    noted: 'Noted:',
    chooseFrom: 'Options: ',
    backToQuestion: 'Back to the question:',
    flowKept: 'Your answers are kept; send "continue" when you are back.',
    alsoAbout: (title) => `You also asked about "${title}":`,
    suggest: "Sorry, I am not sure which of these you mean, and I would rather not answer the wrong one. Is it one of the topics below? You can also rephrase, or talk to a person.",
  },
};
